// Help › First Steps (F1), Help › Keyboard Shortcuts and File › Preferences on the real main
// window: the pages open from their keys, the shortcut list is what the menus really hold,
// and preferences change what Tandem does (poll interval, fence mode, panel layout).
#include "MainWindow.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "TestRegistry.h"
#include "help/FirstStepsDialog.h"
#include "help/PreferencesDialog.h"
#include "help/ShortcutsDialog.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

class TestHelp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        GuiTest::isolateSettings(m_dir);
    }
    void f1OpensFirstSteps();
    void shortcutListMatchesMenus();
    void preferencesApply();

private:
    QTemporaryDir m_dir;
};

void TestHelp::f1OpensFirstSteps()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_F1);
    FirstStepsDialog *page = nullptr;
    QTRY_VERIFY((page = window->findChild<FirstStepsDialog *>(QStringLiteral("firstStepsDialog"))));
    QVERIFY(page->isVisible());
    GuiTest::screenshot(page, QStringLiteral("help-firststeps"));
    // It names the real commands a new user needs.
    // About sits in the same menu.
    window->findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
    QTRY_VERIFY(window->findChild<QWidget *>(QStringLiteral("aboutBox")));
    for (const char *command : {"File › Connect…", "Promote to Master…", "Fail Over…", "Open redis.conf…",
                                "Edit Live Configuration…", "Audit Log"})
        QVERIFY2(page->plainText().contains(QString::fromUtf8(command)), command);
}

void TestHelp::shortcutListMatchesMenus()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    auto *action = window->findChild<QAction *>(QStringLiteral("shortcutsAction"));
    QVERIFY(action);
    action->trigger();
    ShortcutsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<ShortcutsDialog *>(QStringLiteral("shortcutsDialog"))));
    const QStringList rows = dialog->rows();
    GuiTest::screenshot(dialog, QStringLiteral("help-shortcuts"));
    auto has = [&rows](const QString &command, const QKeySequence &key) {
        const QString suffix = command + QLatin1Char('\t') + key.toString(QKeySequence::NativeText);
        return std::any_of(rows.cbegin(), rows.cend(), [&](const QString &row) { return row.endsWith(suffix); });
    };
    QVERIFY2(has(QStringLiteral("Connect"), QKeySequence(Qt::CTRL | Qt::Key_N)), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY(has(QStringLiteral("First Steps"), QKeySequence(Qt::Key_F1)));
    QVERIFY(has(QStringLiteral("Preferences"), QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    // The editor's keys are listed under its own window.
    const QString editorRows = rows.filter(QStringLiteral("redis.conf editor")).join(QLatin1Char('\n'));
    QVERIFY2(editorRows.contains(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)), qPrintable(editorRows));
    QVERIFY(editorRows.contains(QStringLiteral("Go to Line")));

    // Every main-window menu command with a key is listed, and no key is listed twice in a window.
    QSet<QString> keysPerWindow;
    for (const QString &row : rows) {
        const QString window_ = row.section(QStringLiteral(" › "), 0, 0);
        const QString key = row.section(QLatin1Char('\t'), 1);
        if (key.isEmpty())
            continue;
        for (const QString &k : key.split(QStringLiteral(", "))) {
            const QString id = window_ + QLatin1Char('|') + k;
            QVERIFY2(!keysPerWindow.contains(id), qPrintable(QStringLiteral("%1 is listed twice").arg(id)));
            keysPerWindow.insert(id);
        }
    }
    QVERIFY(rows.size() >= 15);
}

void TestHelp::preferencesApply()
{
    auto window = GuiTest::shownMainWindow(1000);
    QVERIFY(window);
    auto *monitor = window->findChild<TopologyMonitor *>();
    QVERIFY(monitor);
    auto *askAction = window->findChild<QAction *>(QStringLiteral("askBeforeFencingAction"));
    QVERIFY(askAction);
    QVERIFY(!askAction->isChecked());

    auto *dock = window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    auto *eventLog = window->findChild<QDockWidget *>(QStringLiteral("eventLogDock"));
    QVERIFY(dock && eventLog);
    dock->close();
    eventLog->setFloating(true);
    QTRY_VERIFY(!dock->isVisible());

    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_Comma, Qt::ControlModifier);
    PreferencesDialog *prefs = nullptr;
    QTRY_VERIFY((prefs = window->findChild<PreferencesDialog *>(QStringLiteral("preferencesDialog"))));
    auto *poll = prefs->findChild<QSpinBox *>(QStringLiteral("pollIntervalSpin"));
    auto *ask = prefs->findChild<QCheckBox *>(QStringLiteral("askBeforeFencingCheck"));
    auto *reset = prefs->findChild<QPushButton *>(QStringLiteral("resetLayoutButton"));
    QVERIFY(poll && ask && reset);
    QCOMPARE(poll->value(), 1000);
    GuiTest::screenshot(prefs, QStringLiteral("help-preferences"));
    reset->click();
    QTRY_VERIFY(dock->isVisible());
    QVERIFY(!eventLog->isFloating());

    poll->setValue(500);
    ask->setChecked(true);
    prefs->findChild<QDialogButtonBox *>(QStringLiteral("preferencesButtons"))->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(monitor->interval(), 500);
    QVERIFY(askAction->isChecked());
    QCOMPARE(QSettings().value(QStringLiteral("operations/fenceMode")).toString(), QStringLiteral("prompt"));

    // A new window (Tandem started again) polls at the chosen interval.
    auto second = std::make_unique<MainWindow>();
    QCOMPARE(second->findChild<TopologyMonitor *>()->interval(), 500);
    askAction->trigger();  // back to automatic for other tests
}

TANDEM_TEST_MAIN(TestHelp)
#include "tst_help.moc"
