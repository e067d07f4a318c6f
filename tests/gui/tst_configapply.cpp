// Apply from the redis.conf editor: a preview of the differences first, then the run. Live:
// a real redis-server gets the CONFIG SETs and rewrites its own file. Local: Apply saves, and
// validator errors keep the Apply button off until the user overrides them explicitly.
#include "GuiTestHelpers.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigApplyDialog.h"
#include "config/ConfigEditor.h"
#include "config/ConfigEditorWindow.h"
#include "config/LiveConfigReader.h"
#include "ops/AuditLog.h"
#include "ops/PlanStepsView.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Replaces the first line starting with `prefix` by `text`, as typing would.
bool replaceLineStarting(ConfigEditor *editor, const QString &prefix, const QString &text)
{
    for (QTextBlock b = editor->document()->firstBlock(); b.isValid(); b = b.next()) {
        if (b.text().startsWith(prefix)) {
            QTextCursor c(b);
            c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            c.insertText(text);
            return true;
        }
    }
    return false;
}

// Every row of the plan review (step titles and the commands folded under them).
QString planText(const PlanStepsView *view)
{
    QStringList lines;
    for (int i = 0; i < view->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *step = view->topLevelItem(i);
        lines << step->text(PlanStepsView::StepColumn);
        for (int c = 0; c < step->childCount(); ++c)
            lines << QStringLiteral("    ") + step->child(c)->text(PlanStepsView::StepColumn);
    }
    return lines.join(QLatin1Char('\n'));
}

QStringList column(const QTableWidget *table, int col)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << table->item(row, col)->text();
    return out;
}

} // namespace

class TestConfigApply : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void liveApplySetsAndRewrites();
    void liveErrorsRefuse();
    void liveReplicaOfIsLiveAndLoopsRefused();
    void localErrorsNeedOverride();
    void tabsAndTargetVersion();

private:
    ConfigDocument fetchLive(const ConnectionProfile &profile, LiveConfig::Secrets secrets);
    ConfigApplyDialog *openPreview(ConfigEditorWindow *w);

    QTemporaryDir m_dir;
    RedisServer m_redis;
    ConnectionProfile m_profile;
    QString m_conf;
    QPointer<ConfigEditorWindow> m_window;
};

void TestConfigApply::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    // A window without an audit log of its own writes to the default one: keep it here.
    qputenv("TANDEM_DATA_DIR", m_dir.filePath(QStringLiteral("data")).toUtf8());
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    m_conf = TestEnv::writeFile(m_dir.filePath(QStringLiteral("node.conf")), "# the node's own file\nhz 10\n");
    QVERIFY(!m_conf.isEmpty());
    m_redis.setConfigFile(m_conf);
    QVERIFY2(m_redis.start({QStringLiteral("--requirepass"), QStringLiteral("apply-secret")}),
             qPrintable(m_redis.errorString()));
    m_profile.port = m_redis.port();
    m_profile.password = QStringLiteral("apply-secret");
}

void TestConfigApply::cleanup()
{
    if (m_window) {
        m_window->editor()->document()->setModified(false);
        delete m_window;
    }
}

ConfigDocument TestConfigApply::fetchLive(const ConnectionProfile &profile, LiveConfig::Secrets secrets)
{
    LiveConfigReader loader(profile, nullptr);
    QSignalSpy loaded(&loader, &LiveConfigReader::loaded);
    QSignalSpy failed(&loader, &LiveConfigReader::failed);
    loader.start();
    if (!QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, 5000) || loaded.isEmpty())
        return {};
    return loader.document(secrets);
}

ConfigApplyDialog *TestConfigApply::openPreview(ConfigEditorWindow *w)
{
    QAction *apply = w->findChild<QAction *>(QStringLiteral("applyConfigAction"));
    if (!apply)
        return nullptr;
    apply->trigger();
    ConfigApplyDialog *dialog = GuiTest::visibleChild<ConfigApplyDialog>(w, QStringLiteral("configApplyDialog"));
    if (!dialog || !QTest::qWaitFor([dialog] { return dialog->isPreviewReady(); }, 5000))
        return nullptr;
    return dialog;
}

void TestConfigApply::liveApplySetsAndRewrites()
{
    const ConfigDocument masked = fetchLive(m_profile, LiveConfig::Secrets::Hide);
    QVERIFY(!masked.lines().isEmpty());
    m_window = new ConfigEditorWindow;
    ConfigEditorWindow *w = m_window;
    w->openLive(m_profile, masked);
    w->show();
    QCOMPARE(w->sourceText(), QStringLiteral("live 127.0.0.1:%1").arg(m_redis.port()));
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("live 127.0.0.1:%1").arg(m_redis.port())));
    // The secret is masked in the text; the editor never shows it.
    QVERIFY(!w->editor()->toPlainText().contains(QStringLiteral("apply-secret")));
    QVERIFY(w->editor()->toPlainText().contains(QStringLiteral("requirepass ")));

    QVERIFY(replaceLineStarting(w->editor(), QStringLiteral("maxmemory "), QStringLiteral("maxmemory 100mb")));
    QVERIFY(replaceLineStarting(w->editor(), QStringLiteral("hz "), QStringLiteral("hz 20")));
    QVERIFY(w->isWindowModified());
    // What CONFIG GET * says is a file redis-server would start with.
    QCOMPARE(w->editor()->countOf(ConfigDiagnostic::Severity::Error), 0);

    ConfigApplyDialog *dialog = openPreview(w);
    QVERIFY(dialog);
    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("applyDiffTable"));
    QVERIFY(table);
    // Exactly the two edits; the masked password is not mistaken for a change.
    QStringList names = column(table, 0);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("hz"), QStringLiteral("maxmemory")}));
    // The plan in the review widget every operation uses: the exact commands, then the
    // rewrite and the checks.
    auto *view = dialog->findChild<PlanStepsView *>(QStringLiteral("applyPlanView"));
    QVERIFY(view && view->isVisible());
    const QString plan = planText(view);
    QVERIFY2(plan.contains(QStringLiteral("CONFIG SET hz 20")), qPrintable(plan));
    QVERIFY2(plan.contains(QStringLiteral("CONFIG SET maxmemory")), qPrintable(plan));
    QVERIFY2(plan.contains(QStringLiteral("CONFIG REWRITE")), qPrintable(plan));
    QVERIFY(!plan.contains(QStringLiteral("apply-secret")));
    QCOMPARE(dialog->plan().operation, QStringLiteral("config-live"));
    const QString checks = dialog->findChild<QLabel *>(QStringLiteral("applyChecksLabel"))->text();
    QVERIFY2(checks.contains(QStringLiteral("answers")), qPrintable(checks));
    GuiTest::screenshot(dialog, QStringLiteral("configapply-live"));
    // For a screenshot of the whole screen under Xvfb (xvfb-run + import -window root).
    QTest::qWait(qEnvironmentVariableIntValue("TANDEM_SCREENSHOT_HOLD_MS"));

    QPushButton *apply = dialog->findChild<QPushButton *>(QStringLiteral("applyButton"));
    QVERIFY(apply && apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(!dialog->cancelButton()->isEnabled() || dialog->isFinished());  // no Cancel while it runs
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 10000);
    const QString result = dialog->findChild<QLabel *>(QStringLiteral("applyResultLabel"))->text();
    QVERIFY2(dialog->outcome().ok, qPrintable(result));
    QVERIFY(dialog->cancelButton()->isEnabled());
    QVERIFY(!w->isWindowModified());  // the applied text is the new baseline
    for (int i = 0; i < view->topLevelItemCount(); ++i)
        QCOMPARE(view->statusText(i), QStringLiteral("done"));
    // The run is in the audit log, step by step, and the secret is not.
    const QString auditPath = AuditLog::defaultPath();
    QVERIFY2(result.contains(dialog->outcome().operationId), qPrintable(result));
    const QByteArray audit = readAll(auditPath);
    QVERIFY2(audit.contains(dialog->outcome().operationId.toUtf8()), audit.constData());
    QVERIFY(audit.contains("CONFIG SET hz 20") && audit.contains("\"op_finished\""));
    QVERIFY(!audit.contains("apply-secret"));

    const ConfigDocument after = fetchLive(m_profile, LiveConfig::Secrets::Hide);
    QCOMPARE(after.effective("maxmemory"), QList<QByteArray>{"104857600"});
    QCOMPARE(after.effective("hz"), QList<QByteArray>{"20"});
    // CONFIG REWRITE put both into the node's own file, and kept its comment.
    const QByteArray file = readAll(m_conf);
    QVERIFY2(file.contains("hz 20"), file.constData());
    QVERIFY2(file.contains("maxmemory 100mb"), file.constData());
    QVERIFY(file.contains("# the node's own file"));
    QCOMPARE(after.effective("requirepass"), QList<QByteArray>{LiveConfig::placeholder()});
    QVERIFY(fetchLive(m_profile, LiveConfig::Secrets::Show).effective("requirepass")
            == QList<QByteArray>{"apply-secret"});  // the placeholder was never sent
}

void TestConfigApply::liveErrorsRefuse()
{
    m_window = new ConfigEditorWindow;
    ConfigEditorWindow *w = m_window;
    const ConfigDocument before = fetchLive(m_profile, LiveConfig::Secrets::Hide);
    w->openLive(m_profile, before);
    w->show();
    QVERIFY(replaceLineStarting(w->editor(), QStringLiteral("hz "), QStringLiteral("hz fast")));
    ConfigApplyDialog *dialog = openPreview(w);
    QVERIFY(dialog);
    QVERIFY(!dialog->applyButton()->isEnabled());
    // No override for a running node: the plan refuses a file redis-server would refuse.
    QVERIFY(!dialog->findChild<QCheckBox *>(QStringLiteral("overrideErrorsCheck"))->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("applyErrorsLabel"))->isVisible());
    dialog->close();
    QCOMPARE(fetchLive(m_profile, LiveConfig::Secrets::Hide).effective("hz"), before.effective("hz"));
}

// "Replica of" is a replication change (REPLICAOF), not a restart; pointing the node at
// itself closes a loop, which the plan's check refuses in plain words.
void TestConfigApply::liveReplicaOfIsLiveAndLoopsRefused()
{
    m_window = new ConfigEditorWindow;
    ConfigEditorWindow *w = m_window;
    w->openLive(m_profile, fetchLive(m_profile, LiveConfig::Secrets::Hide));
    w->show();
    QTextCursor end(w->editor()->document());
    end.movePosition(QTextCursor::End);
    end.insertText(QStringLiteral("\nreplicaof 127.0.0.1 %1\n").arg(m_redis.port()));
    ConfigApplyDialog *dialog = openPreview(w);
    QVERIFY(dialog);
    const QString status = dialog->findChild<QLabel *>(QStringLiteral("applyStatusLabel"))->text();
    QVERIFY2(!status.contains(QStringLiteral("restart")), qPrintable(status));
    const QString plan = planText(dialog->findChild<PlanStepsView *>(QStringLiteral("applyPlanView")));
    QVERIFY2(plan.contains(QStringLiteral("REPLICAOF 127.0.0.1 %1").arg(m_redis.port())), qPrintable(plan));
    const QString checks = dialog->findChild<QLabel *>(QStringLiteral("applyChecksLabel"))->text();
    QVERIFY2(checks.contains(QStringLiteral("127.0.0.1:%1 is 127.0.0.1:%1 itself").arg(m_redis.port())), qPrintable(checks));
    QVERIFY(!dialog->applyButton()->isEnabled());
    dialog->close();
    QVERIFY(fetchLive(m_profile, LiveConfig::Secrets::Hide).effective("replicaof").isEmpty());
}

void TestConfigApply::localErrorsNeedOverride()
{
    const QString path = TestEnv::writeFile(m_dir.filePath(QStringLiteral("local.conf")), "port 6379\nmaxmemory 1gb\n");
    m_window = new ConfigEditorWindow;
    ConfigEditorWindow *w = m_window;
    QVERIFY(w->openFile(path));
    w->show();
    QVERIFY(replaceLineStarting(w->editor(), QStringLiteral("maxmemory"), QStringLiteral("maxmemory 12xb")));
    QVERIFY(replaceLineStarting(w->editor(), QStringLiteral("port"), QStringLiteral("port 6380")));

    ConfigApplyDialog *dialog = openPreview(w);
    QVERIFY(dialog);
    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("applyDiffTable"));
    const int portRow = int(column(table, 0).indexOf(QStringLiteral("port")));
    QVERIFY(portRow >= 0);
    QCOMPARE(table->item(portRow, 1)->text(), QStringLiteral("6379"));
    QCOMPARE(table->item(portRow, 2)->text(), QStringLiteral("6380"));

    auto *override = dialog->findChild<QCheckBox *>(QStringLiteral("overrideErrorsCheck"));
    QVERIFY(override && override->isVisible());
    QCOMPARE(override->text(), QStringLiteral("Apply despite 1 error"));
    QVERIFY(!dialog->applyButton()->isEnabled());
    override->click();
    QVERIFY(dialog->applyButton()->isEnabled());
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(dialog->isFinished());
    QVERIFY(dialog->outcome().ok);
    QCOMPARE(readAll(path), QByteArray("port 6380\nmaxmemory 12xb\n"));
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->baseline(), QByteArray("port 6380\nmaxmemory 12xb\n"));
}

void TestConfigApply::tabsAndTargetVersion()
{
    const QString path = TestEnv::writeFile(m_dir.filePath(QStringLiteral("tabs.conf")), "port 6379\n");
    m_window = new ConfigEditorWindow;
    ConfigEditorWindow *w = m_window;
    QVERIFY(w->openFile(path));
    w->show();
    auto *tabs = w->findChild<QTabWidget *>(QStringLiteral("configEditorTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Text"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Essentials"));
    QVERIFY(tabs->widget(0)->isAncestorOf(w->editor()));  // with the find bar under it

    auto *combo = w->findChild<QComboBox *>(QStringLiteral("targetVersionCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), int(RedisVersion::known().size()));
    QCOMPARE(combo->currentText(), QStringLiteral("Redis 7.0"));
    QCOMPARE(w->editor()->validatorOptions().target, RedisVersion::reference());
    QVERIFY(w->editor()->validatorOptions().followIncludes);
    combo->setCurrentIndex(combo->findText(QStringLiteral("Redis 6.2")));
    QCOMPARE(w->targetVersion(), (RedisVersion{6, 2}));
    QCOMPARE(w->editor()->validatorOptions().target, (RedisVersion{6, 2}));
    QCOMPARE(w->findChild<QLabel *>(QStringLiteral("sourceLabel"))->text(), QFileInfo(path).absoluteFilePath());
}

TANDEM_TEST_MAIN(TestConfigApply)
#include "tst_configapply.moc"
