// The main window's way in and its failure paths: the real MainWindow and dialogs, driven by
// objectName like a user would, watching real redis-server processes through the window's
// TopologyMonitor. Topology-wide features (lab, selection, console, event log, export) are in
// tst_mainwindowtopology.cpp.
#include "ConnectionDialog.h"
#include "ConnectionManagerDialog.h"
#include "GuiTestHelpers.h"
#include "HostKeyDialog.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"


#include "net/TransportFactory.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace {

const QString kFingerprint = QStringLiteral("SHA256:q1w2e3r4t5y6u7i8o9p0AaSsDdFfGgHhJjKkLlZzXx");

// A transport that fails the way an SSH tunnel reports a host key problem.
class HostKeyFailure : public Transport
{
public:
    HostKeyFailure(NetError error, QObject *parent) : Transport(parent), m_error(std::move(error)) {}
    void open() override
    {
        QTimer::singleShot(0, this, [this] { Q_EMIT failed(m_error); });
    }
    void write(const QByteArray &) override {}
    void close() override {}

private:
    NetError m_error;
};

// Stands in for the SSH tunnel: refuses with an unknown host key until kFingerprint is
// accepted, then goes straight to the node.
TransportFactory unknownHostKeyUntilAccepted()
{
    return [](const ConnectionProfile &p, QObject *parent) -> Transport * {
        if (p.ssh.acceptFingerprint != kFingerprint)
            return new HostKeyFailure(NetError::make(NetError::Kind::SshHostKeyUnknown,
                                                     QStringLiteral("unknown host key"), kFingerprint),
                                      parent);
        ConnectionProfile direct = p;
        direct.ssh = SshOptions();
        return defaultTransportFactory(nullptr)(direct, parent);
    };
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void masterAppearsThroughTheDialog();
    void wrongPasswordIsReported();
    void silentServerTimesOutWhileGuiStaysLive();
    void unknownHostKeyIsAskedAndAccepted();
    void unknownHostKeyThroughRealDialog();
    void changedHostKeyIsRefused();
    void removingNodes();
    void labFailureIsShownInWindow();
    void keyboardShortcuts();
    void savedConnections();

private:
    std::unique_ptr<MainWindow> newWindow(ProfileStore *profiles = nullptr);
    ConnectionDialog *openDialog(MainWindow *window);
    void connectVia(MainWindow *window, const QString &address, const QString &password = {},
                    double timeoutSeconds = 0);
    static QString cell(const MainWindow *window, const QString &address, int column);
    ConnectionProfile masterThroughBastion() const;
    static QString address(const RedisServer &server)
    {
        return QStringLiteral("127.0.0.1:%1").arg(server.port());
    }
    static ConnectionProfile profileOf(const RedisServer &server)
    {
        ConnectionProfile profile;
        profile.port = server.port();
        return profile;
    }

    QTemporaryDir m_config;
    RedisServer m_master;
    RedisServer m_replica;
    RedisServer m_authServer;
    RedisServer m_standalone;
    QString m_version;
};

void tst_MainWindow::initTestCase()
{
    // Window layouts are saved on close: keep them away from the user's settings.
    QVERIFY(m_config.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());

    const QString binary = TestEnv::requireBinary(QStringLiteral("redis-server"),
                                                  QStringLiteral("redis-server"));
    if (binary.isEmpty())
        return;
    QString output;
    QCOMPARE(TestEnv::run(binary, {QStringLiteral("--version")}, &output), 0);
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("v=(\\S+)")).match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    m_version = match.captured(1);

    QVERIFY2(m_master.start(), qPrintable(m_master.errorString()));
    QVERIFY2(m_replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                              QString::number(m_master.port())}),
             qPrintable(m_replica.errorString()));
    QVERIFY2(m_authServer.start({QStringLiteral("--requirepass"), QStringLiteral("s3cret-pw")}),
             qPrintable(m_authServer.errorString()));
    QVERIFY2(m_standalone.start(), qPrintable(m_standalone.errorString()));
}

std::unique_ptr<MainWindow> tst_MainWindow::newWindow(ProfileStore *profiles)
{
    auto window = std::make_unique<MainWindow>(nullptr, profiles);
    window->setPollInterval(250);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

ConnectionDialog *tst_MainWindow::openDialog(MainWindow *window)
{
    auto *action = window->findChild<QAction *>(QStringLiteral("connectAction"));
    if (!action)
        return nullptr;
    action->trigger();
    return GuiTest::visibleChild<ConnectionDialog>(window, QStringLiteral("connectionDialog"));
}

void tst_MainWindow::connectVia(MainWindow *window, const QString &address, const QString &password,
                                double timeoutSeconds)
{
    ConnectionDialog *dialog = openDialog(window);
    QVERIFY(dialog);
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), address);
    if (!password.isEmpty())
        GuiTest::typeInto(dialog, QStringLiteral("passwordEdit"), password);
    if (timeoutSeconds > 0) {
        for (const char *name : {"connectTimeoutSpin", "commandTimeoutSpin"}) {
            auto *spin = dialog->findChild<QDoubleSpinBox *>(QLatin1String(name));
            QVERIFY(spin);
            spin->setValue(timeoutSeconds);
        }
    }
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("okButton"));
    QVERIFY(ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());
}

// The cell of `address`'s row; empty while the node has no row.
QString tst_MainWindow::cell(const MainWindow *window, const QString &address, int column)
{
    const NodeTableModel *model = window->nodeModel();
    const int row = model->rowOf(address);
    return row < 0 ? QString() : GuiTest::cell(model, row, column);
}

// m_master, as if reached through an SSH bastion (the transport factory decides what happens).
ConnectionProfile tst_MainWindow::masterThroughBastion() const
{
    ConnectionProfile profile;
    profile.port = m_master.port();
    profile.ssh.enabled = true;
    profile.ssh.host = QStringLiteral("bastion.test");
    return profile;
}

void tst_MainWindow::masterAppearsThroughTheDialog()
{
    auto window = newWindow();
    QVERIFY(window);
    auto *empty = window->findChild<QWidget *>(QStringLiteral("emptyPage"));
    QVERIFY(empty && empty->isVisible());
    connectVia(window.get(), address(m_master));
    if (QTest::currentTestFailed())
        return;

    const QString master = address(m_master);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), master, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
    QCOMPARE(cell(window.get(), master, NodeTableModel::VersionColumn), m_version);
    QCOMPARE(cell(window.get(), master, NodeTableModel::StatusColumn), QStringLiteral("Up"));
    QVERIFY(!cell(window.get(), master, NodeTableModel::UptimeColumn).isEmpty());
    QVERIFY(!cell(window.get(), master, NodeTableModel::MemoryColumn).isEmpty());
    QVERIFY(!cell(window.get(), master, NodeTableModel::OpsColumn).isEmpty());
    // Discovery: the master names its replica, which shows up without being asked for.
    const QString replica = address(m_replica);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), replica, NodeTableModel::RoleColumn), QStringLiteral("replica"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), replica, NodeTableModel::MasterColumn),
                              QStringLiteral("%1 (link up)").arg(master), 15000);
    QVERIFY(!cell(window.get(), replica, NodeTableModel::LagColumn).isEmpty());
    // The picture, not the empty page, is what the user sees now; the summary counts.
    QVERIFY(window->topologyView()->isVisible());
    QVERIFY(!empty->isVisible());
    auto *summary = window->findChild<QLabel *>(QStringLiteral("summaryLabel"));
    QVERIFY(summary);
    const int anomalies = int(window->monitor()->topology().anomalies.size());
    QTRY_COMPARE(summary->text(), QStringLiteral("Nodes: 2 · up: 2 · anomalies: %1").arg(anomalies));
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-master-replica"));
}

void tst_MainWindow::wrongPasswordIsReported()
{
    auto window = newWindow();
    QVERIFY(window);
    connectVia(window.get(), address(m_authServer), QStringLiteral("wrong-password"));
    if (QTest::currentTestFailed())
        return;
    const NodeTableModel *model = window->nodeModel();
    const QString node = address(m_authServer);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), node, NodeTableModel::StatusColumn),
                              QStringLiteral("Authentication failed"), 3000);
    const int row = model->rowOf(node);
    QCOMPARE(model->data(model->index(row, 0), NodeTableModel::ReachabilityRole).toInt(),
             int(NodeReachability::AuthFailed));
    const QString message = window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("WRONGPASS")), qPrintable(message));
    QVERIFY2(message.contains(node), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("wrong-password")), qPrintable(message));
    QVERIFY(cell(window.get(), node, NodeTableModel::RoleColumn).isEmpty());
}

void tst_MainWindow::silentServerTimesOutWhileGuiStaysLive()
{
    // Accepts connections and never answers: the connection must time out on its own while
    // the GUI thread keeps handling events.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = silent.nextPendingConnection())
            held << s;
    });

    auto window = newWindow();
    QVERIFY(window);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    QElapsedTimer clock;
    clock.start();

    const QString node = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
    connectVia(window.get(), node, {}, 1.0);
    if (QTest::currentTestFailed())
        return;

    // While the node hangs, the window still opens (and closes) the dialog.
    ConnectionDialog *dialog = openDialog(window.get());
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());

    const NodeTableModel *model = window->nodeModel();
    auto failed = [&] {
        const int row = model->rowOf(node);
        if (row < 0)
            return false;
        const auto r = NodeReachability(model->data(model->index(row, 0), NodeTableModel::ReachabilityRole).toInt());
        return r == NodeReachability::Unreachable || r == NodeReachability::Error;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failed(), 4000);
    QVERIFY2(clock.elapsed() < 4000, "a 1 s timeout must fire within a few seconds");
    QCOMPARE(cell(window.get(), node, NodeTableModel::StatusColumn), QStringLiteral("Unreachable"));
    const QString message = window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QLatin1String("did not answer")), qPrintable(message));
    QVERIFY(!held.isEmpty());
    // A blocked GUI thread would have starved the 20 ms ticker.
    const qint64 expected = clock.elapsed() / 20;
    QVERIFY2(ticks >= expected / 2,
             qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(clock.elapsed())));
    qDeleteAll(held);
}

void tst_MainWindow::unknownHostKeyIsAskedAndAccepted()
{
    auto window = newWindow();
    QVERIFY(window);
    window->setTransportFactory(unknownHostKeyUntilAccepted());
    QList<QStringList> asked;
    window->setHostKeyPrompt([&](const QString &node, const QString &host, const QString &fingerprint,
                                 std::function<void(bool)> answer) {
        asked.append({node, host, fingerprint});
        answer(true);
    });

    ConnectionDialog *dialog = openDialog(window.get());
    QVERIFY(dialog);
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), address(m_master));
    dialog->findChild<QCheckBox *>(QStringLiteral("sshEnabledCheck"))->setChecked(true);
    GuiTest::typeInto(dialog, QStringLiteral("sshHostEdit"), QStringLiteral("ops@bastion.test"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);

    const QString master = address(m_master);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), master, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first(), QStringList({master, QStringLiteral("bastion.test"), kFingerprint}));
    QCOMPARE(window->monitor()->profileFor(master).ssh.acceptFingerprint, kFingerprint);
    // Its replica, found through the same bastion, is trusted with it: no second question.
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), address(m_replica), NodeTableModel::StatusColumn),
                              QStringLiteral("Up"), 5000);
    QCOMPARE(asked.size(), 1);
}

void tst_MainWindow::unknownHostKeyThroughRealDialog()
{
    auto window = newWindow();
    QVERIFY(window);
    window->setTransportFactory(unknownHostKeyUntilAccepted());
    window->addNode(masterThroughBastion());

    HostKeyDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((prompt = GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog"))), 3000);
    QVERIFY2(!prompt->isModal(), "the operator may look at the topology before deciding");
    QCOMPARE(prompt->mode(), HostKeyDialog::Mode::Unknown);
    QCOMPARE(prompt->findChild<QLabel *>(QStringLiteral("fingerprintLabel"))->text(), kFingerprint);
    QVERIFY(prompt->findChild<QLabel *>(QStringLiteral("hostKeyText"))->text().contains(QLatin1String("bastion.test:22")));
    GuiTest::screenshot(prompt, QStringLiteral("hostkey-unknown"));
    auto *accept = prompt->findChild<QPushButton *>(QStringLiteral("acceptButton"));
    QVERIFY(accept);
    QVERIFY2(!accept->isDefault(), "trusting a key must not be the Enter key");
    QTest::mouseClick(accept, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), address(m_master), NodeTableModel::RoleColumn),
                              QStringLiteral("master"), 3000);
}

void tst_MainWindow::changedHostKeyIsRefused()
{
    auto window = newWindow();
    QVERIFY(window);
    int factoryCalls = 0;
    window->setTransportFactory([&factoryCalls](const ConnectionProfile &, QObject *parent) -> Transport * {
        ++factoryCalls;
        // Worded like KnownHosts: the topology carries the message, fingerprint included.
        return new HostKeyFailure(
            NetError::make(NetError::Kind::SshHostKeyChanged,
                           QStringLiteral("WARNING: the host key of SSH server bastion.test:22 has CHANGED: "
                                          "it now presents an ssh-ed25519 key with fingerprint %1.")
                               .arg(kFingerprint),
                           kFingerprint),
            parent);
    });
    int prompts = 0;
    window->setHostKeyPrompt([&prompts](const QString &, const QString &, const QString &,
                                        std::function<void(bool)> answer) {
        ++prompts;
        answer(true);  // would be wrong to ask at all
    });
    window->addNode(masterThroughBastion());

    HostKeyDialog *notice = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((notice = GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog"))), 3000);
    QCOMPARE(notice->mode(), HostKeyDialog::Mode::Changed);
    QVERIFY2(!notice->findChild<QPushButton *>(QStringLiteral("acceptButton")), "no way to accept a changed key");
    QCOMPARE(notice->findChild<QLabel *>(QStringLiteral("fingerprintLabel"))->text(), kFingerprint);
    GuiTest::screenshot(notice, QStringLiteral("hostkey-changed"));
    auto *close = notice->findChild<QPushButton *>(QStringLiteral("closeButton"));
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_VERIFY(!GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog")));

    const QString master = address(m_master);
    QCOMPARE(cell(window.get(), master, NodeTableModel::StatusColumn), QStringLiteral("SSH host key changed"));
    QVERIFY(window->statusBar()->currentMessage().contains(kFingerprint));
    QTest::qWait(1000);
    QCOMPARE(factoryCalls, 1);  // no retries against a key that changed
    QCOMPARE(prompts, 0);
    QVERIFY2(!GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog")),
             "the refusal is explained once, not on every poll");
    QVERIFY(window->monitor()->profileFor(master).ssh.acceptFingerprint.isEmpty());
}

void tst_MainWindow::removingNodes()
{
    auto window = newWindow();
    QVERIFY(window);
    // Two unrelated masters: a node of a replication group would be found again through it.
    window->addNode(profileOf(m_standalone));
    ConnectionProfile withPassword = profileOf(m_authServer);
    withPassword.password = QStringLiteral("s3cret-pw");
    window->addNode(withPassword);
    const NodeTableModel *model = window->nodeModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 3000);

    auto *table = window->nodeTable();
    auto *remove = window->findChild<QAction *>(QStringLiteral("removeNodeAction"));
    QVERIFY(table && remove);
    QVERIFY2(!remove->isEnabled(), "nothing selected, nothing to remove");
    QApplication::setActiveWindow(window.get());
    table->setFocus();
    table->selectRow(0);
    QVERIFY(remove->isEnabled());
    const QString first = model->addressAt(0);
    QCOMPARE(window->selectedNode(), first);

    // Delete in a text field edits text; it removes nodes only where nodes are.
    auto *filter = window->findChild<QLineEdit *>(QStringLiteral("eventTextFilter"));
    QVERIFY(filter);
    filter->setFocus();
    QTest::keyClick(filter, Qt::Key_Delete);
    QTest::qWait(300);
    QCOMPARE(model->rowCount(), 2);

    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 2000);
    QVERIFY(model->rowOf(first) < 0);
    // Whatever is selected now (if anything) is selected everywhere.
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    QCOMPARE(window->selectedNode(), rows.isEmpty() ? QString() : model->addressAt(rows.first().row()));
    QCOMPARE(window->topologyView()->topologyScene()->selectedAddress(), window->selectedNode());

    // The same key in the picture, on the selected card; the Node menu offers the action too.
    QVERIFY(window->findChild<QMenu *>(QStringLiteral("nodeMenu"))->actions().contains(remove));
    window->selectNode(model->addressAt(0));
    window->topologyView()->setFocus();
    QTest::keyClick(window->topologyView(), Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 2000);
    // Back to the empty page, and the node stays gone (nothing names it).
    QTRY_VERIFY(window->findChild<QWidget *>(QStringLiteral("emptyPage"))->isVisible());
    QVERIFY(!window->topologyView()->isVisible());
    QTest::qWait(600);
    QCOMPARE(model->rowCount(), 0);

    // Both come back from the View menu, the password-protected one with its password.
    auto *showRemoved = window->findChild<QAction *>(QStringLiteral("showRemovedNodesAction"));
    QVERIFY(showRemoved && showRemoved->isEnabled());
    QVERIFY(window->findChild<QMenu *>(QStringLiteral("viewMenu"))->actions().contains(showRemoved));
    showRemoved->trigger();
    QVERIFY(!showRemoved->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 3000);
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().node(profileOf(m_authServer).address())
                                 && window->monitor()->topology().node(profileOf(m_authServer).address())->isUp(),
                             3000);
}

void tst_MainWindow::labFailureIsShownInWindow()
{
    auto window = newWindow();
    QVERIFY(window);
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", "/nonexistent");
    window->startLab(2);
    qputenv("PATH", path);
    auto *notice = window->findChild<QLabel *>(QStringLiteral("noticeLabel"));
    QVERIFY(notice);
    QTRY_VERIFY_WITH_TIMEOUT(notice->text().contains(QLatin1String("redis-server")), 3000);
    QVERIFY(notice->isVisible());
    GuiTest::screenshot(window.get(), QStringLiteral("empty-lab-failed"));
    QVERIFY(window->statusBar()->currentMessage().contains(QLatin1String("could not start")));
    // The user can try again.
    QVERIFY(window->findChild<QPushButton *>(QStringLiteral("emptyLabButton"))->isEnabled());
    QVERIFY(window->findChild<QAction *>(QStringLiteral("labAction"))->isEnabled());
}

void tst_MainWindow::keyboardShortcuts()
{
    auto window = newWindow();
    QVERIFY(window);
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    const QList<QPair<const char *, QKeySequence>> shortcuts = {
        {"connectAction", QKeySequence(Qt::CTRL | Qt::Key_N)},
        {"connectionManagerAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
        {"openConfigAction", QKeySequence(QKeySequence::Open)},
        {"exportTopologyAction", QKeySequence(Qt::CTRL | Qt::Key_E)},
        {"quitAction", QKeySequence(Qt::CTRL | Qt::Key_Q)},
        {"openConsoleAction", QKeySequence(Qt::CTRL | Qt::Key_QuoteLeft)},
        {"reconnectAction", QKeySequence(Qt::Key_F5)},
        {"removeNodeAction", QKeySequence(QKeySequence::Delete)},
        {"showRemovedNodesAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete)},
    };
    for (const auto &[name, keys] : shortcuts) {
        auto *action = window->findChild<QAction *>(QLatin1String(name));
        QVERIFY2(action, name);
        QCOMPARE(action->shortcut(), keys);
    }
    // Every dock can be brought back from the View menu.
    for (const char *dock : {"nodesDock", "inspectorDock", "eventLogDock", "consoleDock"}) {
        auto *toggle = window->findChild<QAction *>(QLatin1String(dock) + QStringLiteral("Toggle"));
        QVERIFY2(toggle && !toggle->shortcut().isEmpty(), dock);
    }

    QTest::keyClick(window.get(), Qt::Key_N, Qt::ControlModifier);
    QPointer<ConnectionDialog> dialog;
    QTRY_VERIFY((dialog = GuiTest::visibleChild<ConnectionDialog>(window.get(), QStringLiteral("connectionDialog"))));
    QTRY_VERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("addressEdit"))->hasFocus());
    QTest::keyClicks(QApplication::focusWidget(), address(m_standalone));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(window->nodeModel()->rowCount(), 1);
    QTRY_VERIFY(!dialog || !dialog->isVisible());

    // Tab walks the cards of the picture, then moves on to the node table.
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    window->nodeTable()->setFocus();
    window->topologyView()->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(window->selectedNode(), address(m_standalone));
    QTest::keyClick(window->topologyView(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(window->nodeTable()));
    QCOMPARE(window->nodeTable()->currentIndex().row(), 0);

    QTest::keyClick(window.get(), Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window->isVisible());
}

void tst_MainWindow::savedConnections()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    MemorySecretStore secrets;
    ProfileStore store(&settings, &secrets);
    ConnectionProfile saved = profileOf(m_authServer);
    saved.name = QStringLiteral("auth node");
    saved.password = QStringLiteral("s3cret-pw");
    const QString id = store.add(saved, this, [](const SecretsResult &) {});

    auto window = newWindow(&store);
    QVERIFY(window);
    window->findChild<QAction *>(QStringLiteral("connectionManagerAction"))->trigger();
    QPointer<ConnectionManagerDialog> manager;
    QTRY_VERIFY((manager = GuiTest::visibleChild<ConnectionManagerDialog>(window.get(), QStringLiteral("connectionManager"))));
    QCOMPARE(window->openConnectionManager(), manager);  // one at a time
    manager->selectProfile(id);
    manager->connectCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), address(m_authServer), NodeTableModel::StatusColumn),
                              QStringLiteral("Up"), 3000);
    QTRY_VERIFY(!manager || !manager->isVisible());

    // Quick connect can keep what was typed as a new profile.
    ConnectionDialog *dialog = openDialog(window.get());
    QVERIFY(dialog);
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), address(m_standalone));
    auto *save = dialog->findChild<QCheckBox *>(QStringLiteral("saveProfileCheck"));
    QVERIFY(save && save->isVisible());
    save->setChecked(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);
    QTRY_COMPARE(store.count(), 2);
    QCOMPARE(store.at(1).profile.address(), address(m_standalone));
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), address(m_standalone), NodeTableModel::StatusColumn),
                              QStringLiteral("Up"), 3000);

    // Without a store there is nothing to manage.
    auto bare = newWindow();
    QVERIFY(bare);
    QVERIFY(!bare->findChild<QAction *>(QStringLiteral("connectionManagerAction"))->isEnabled());
    QVERIFY(!bare->openConnectionManager());
}

TANDEM_TEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
