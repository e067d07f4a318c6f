// Config editors opened from a node in the main window: the node menu offers "Edit live
// configuration" and "Edit redis.conf over SSH" for the selected node only; the live editor
// shows the node's running settings (secrets masked) checked against the node's version; the
// SSH one asks where the file is, prefilled from INFO server config_file.
#include "GuiTestHelpers.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "MainWindow.h"
#include "NodeTableModel.h"
#include "config/ConfigApplyDialog.h"
#include "config/ConfigEditor.h"
#include "config/ConfigEditorWindow.h"
#include "config/NodeConfigOpener.h"
#include "config/RemoteFileDialog.h"
#include "ops/AuditLogView.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QApplication>
#include <QFile>
#include <QTest>
#include <QTextBlock>

class TestConfigFromNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void actionsFollowSelection();
    void editLiveFromTheMenu();
    void editRemoteAsksForTheFile();
    void applyIsInTheWindowsAuditLog();

private:
    std::unique_ptr<MainWindow> watchNode();
    // Node ▸ Edit live configuration on the node; the editor it opened (null if none).
    ConfigEditorWindow *editLive(MainWindow *window);
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_redis.port()); }

    QTemporaryDir m_dir;
    RedisServer m_redis;
    QString m_conf;
};

void TestConfigFromNode::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    qputenv("TANDEM_DATA_DIR", m_dir.filePath(QStringLiteral("data")).toUtf8());
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    m_conf = TestEnv::writeFile(m_dir.filePath(QStringLiteral("node.conf")), "hz 10\n");
    m_redis.setConfigFile(m_conf);
    QVERIFY2(m_redis.start({QStringLiteral("--requirepass"), QStringLiteral("node-secret")}),
             qPrintable(m_redis.errorString()));
}

std::unique_ptr<MainWindow> TestConfigFromNode::watchNode()
{
    auto window = std::make_unique<MainWindow>();
    window->setPollInterval(250);
    window->show();
    ConnectionProfile profile;
    profile.port = m_redis.port();
    profile.password = QStringLiteral("node-secret");
    window->addNode(profile);
    const bool up = QTest::qWaitFor([&] {
        const TopologyNode *node = window->monitor()->topology().node(address());
        return node && node->isUp();
    }, 5000);
    return up ? std::move(window) : nullptr;
}

ConfigEditorWindow *TestConfigFromNode::editLive(MainWindow *window)
{
    window->selectNode(address());
    QSignalSpy opened(window->configOpener(), &NodeConfigOpener::editorOpened);
    window->findChild<QAction *>(QStringLiteral("editLiveConfigAction"))->trigger();
    if (!QTest::qWaitFor([&] { return opened.count() > 0; }, 5000))
        return nullptr;
    return opened.first().first().value<ConfigEditorWindow *>();
}

void TestConfigFromNode::actionsFollowSelection()
{
    auto window = watchNode();
    QVERIFY(window);
    auto *live = window->findChild<QAction *>(QStringLiteral("editLiveConfigAction"));
    auto *remote = window->findChild<QAction *>(QStringLiteral("editRemoteConfigAction"));
    QVERIFY(live && remote);
    auto *menu = window->findChild<QMenu *>(QStringLiteral("nodeContextMenu"));
    QVERIFY(menu->actions().contains(live) && menu->actions().contains(remote));
    auto *nodeMenu = window->findChild<QMenu *>(QStringLiteral("nodeMenu"));
    QVERIFY(nodeMenu->actions().contains(live) && nodeMenu->actions().contains(remote));

    window->selectNode(QString());
    QVERIFY(!live->isEnabled());
    QVERIFY(!remote->isEnabled());
    window->selectNode(address());
    QVERIFY(live->isEnabled());
    QVERIFY(remote->isEnabled());
}

void TestConfigFromNode::editLiveFromTheMenu()
{
    auto window = watchNode();
    QVERIFY(window);
    QPointer<ConfigEditorWindow> editor = editLive(window.get());
    QVERIFY(editor && editor->isVisible());
    QCOMPARE(editor->source().kind, ConfigSource::Kind::LiveNode);
    QCOMPARE(editor->sourceText(), QStringLiteral("live %1").arg(address()));
    QVERIFY(editor->windowTitle().startsWith(QStringLiteral("live %1").arg(address())));
    const QString text = editor->editor()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("\nhz 10\n")));
    QVERIFY(!text.contains(QStringLiteral("node-secret")));
    // Checked against the node's own release line (7.0 here).
    const QString version = window->monitor()->topology().node(address())->snapshot.version;
    QVERIFY(version.startsWith(QStringLiteral("7.0")));
    QCOMPARE(editor->findChild<QComboBox *>(QStringLiteral("targetVersionCombo"))->currentText(),
             QStringLiteral("Redis 7.0"));
    QVERIFY(!editor->editor()->validatorOptions().followIncludes);
    QVERIFY(editor->findChild<QAction *>(QStringLiteral("compareNodeAction"))->isEnabled());
    editor->editor()->document()->setModified(false);
    editor->close();
}

// Apply in an editor opened from the node is an operation of the window: written to its
// audit log, and the result's link opens the audit log on that run.
void TestConfigFromNode::applyIsInTheWindowsAuditLog()
{
    auto window = watchNode();
    QVERIFY(window);
    QPointer<ConfigEditorWindow> editor = editLive(window.get());
    QVERIFY(editor);
    bool replaced = false;
    for (QTextBlock b = editor->editor()->document()->firstBlock(); b.isValid() && !replaced; b = b.next()) {
        if (b.text() == QLatin1String("hz 10")) {
            QTextCursor c(b);
            c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            c.insertText(QStringLiteral("hz 11"));
            replaced = true;
        }
    }
    QVERIFY(replaced);
    ConfigApplyDialog *dialog = editor->openApplyDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isPreviewReady(), 5000);
    QVERIFY(dialog->applyButton()->isEnabled());
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 10000);
    QVERIFY(dialog->outcome().ok);
    const QString id = dialog->outcome().operationId;
    QVERIFY(!id.isEmpty());
    QFile audit(m_dir.filePath(QStringLiteral("data/audit.jsonl")));
    QVERIFY(audit.open(QIODevice::ReadOnly));
    const QByteArray log = audit.readAll();
    QVERIFY2(log.contains(id.toUtf8()) && log.contains("CONFIG SET hz 11"), log.constData());
    QVERIFY(!log.contains("node-secret"));

    auto *result = dialog->findChild<QLabel *>(QStringLiteral("applyResultLabel"));
    QVERIFY(result->text().contains(QStringLiteral("audit:%1").arg(id)));
    Q_EMIT result->linkActivated(QStringLiteral("audit:%1").arg(id));
    // The audit log window is a top-level of its own, not a child of the main window.
    auto openView = [] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *v = qobject_cast<AuditLogView *>(w); v && v->isVisible())
                return v;
        }
        return static_cast<AuditLogView *>(nullptr);
    };
    QTRY_VERIFY_WITH_TIMEOUT(openView() != nullptr, 3000);
    AuditLogView *view = openView();
    QCOMPARE(view->selectedOperation(), id);
    view->close();
    dialog->close();
    editor->editor()->document()->setModified(false);
    editor->close();
}

void TestConfigFromNode::editRemoteAsksForTheFile()
{
    auto window = watchNode();
    QVERIFY(window);
    window->selectNode(address());
    window->findChild<QAction *>(QStringLiteral("editRemoteConfigAction"))->trigger();
    // No SSH in the node's profile: the user says where the file is, prefilled from INFO.
    RemoteFileDialog *dialog = window->configOpener()->remoteFileDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("remotePathEdit"))->text(), m_conf);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("sshTargetEdit"))->text(), QStringLiteral("127.0.0.1"));
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("configFileNote"))->isVisible());
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("remoteFileOpenButton"))->isEnabled());
    QCOMPARE(GuiTest::labelsShowingAmpersand(dialog), QStringList());
    GuiTest::typeInto(dialog, QStringLiteral("remotePathEdit"), QStringLiteral("relative.conf"));
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("remoteFileOpenButton"))->isEnabled());
    dialog->reject();
}

TANDEM_TEST_MAIN(TestConfigFromNode)
#include "tst_configfromnode.moc"
