#include "MainWindow.h"
#include "MainWindowTestHelpers.h"
#include "TestRegistry.h"

#include "config/ConfigEditorWindow.h"

#include <QAction>
#include <QHash>
#include <QKeySequence>
#include <QTemporaryDir>
#include <QTest>

// Shortcuts across Tandem's windows (the main window's own are checked in tst_mainwindow).
class TestShortcuts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        GuiTest::isolateSettings(m_dir);
    }
    void shortcutsMeanTheSameInEveryWindow();

private:
    QTemporaryDir m_dir;
};

// A key does one thing wherever it is pressed: where the main window and the config editor's
// window share a shortcut, both actions mean the same.
void TestShortcuts::shortcutsMeanTheSameInEveryWindow()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    ConfigEditorWindow editor;
    const QHash<QString, QString> sameMeaning = {
        {QStringLiteral("openConfigAction"), QStringLiteral("openAction")},
    };
    auto shortcuts = [](const QWidget *w) {
        QHash<QKeySequence, QString> map;
        for (const QAction *a : w->findChildren<QAction *>()) {
            for (const QKeySequence &k : a->shortcuts()) {
                if (!k.isEmpty() && !a->objectName().isEmpty())
                    map.insert(k, a->objectName());
            }
        }
        return map;
    };
    const QHash<QKeySequence, QString> main = shortcuts(window.get());
    const QHash<QKeySequence, QString> config = shortcuts(&editor);
    QVERIFY(main.contains(QKeySequence::Open));
    for (auto it = main.cbegin(); it != main.cend(); ++it) {
        const QString other = config.value(it.key());
        if (other.isEmpty() || other == it.value())
            continue;
        QVERIFY2(sameMeaning.value(it.value()) == other,
                 qPrintable(QStringLiteral("%1 is %2 in the main window but %3 in the config editor")
                                .arg(it.key().toString(), it.value(), other)));
    }
}

TANDEM_TEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
