// The first end-to-end path through the GUI: the real MainWindow and ConnectionDialog, driven
// by objectName like a user would, watching real redis-server processes.
#include "ConnectionDialog.h"
#include "GuiTestHelpers.h"
#include "HostKeyDialog.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "RedisServer.h"
#include "TestEnv.h"

#include "net/TransportFactory.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
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
    void masterRowAppearsThroughTheDialog();
    void replicaShowsItsMaster();
    void wrongPasswordIsReported();
    void silentServerTimesOutWhileGuiStaysLive();
    void modelPassesTester();
    void unknownHostKeyIsAskedAndAccepted();
    void unknownHostKeyThroughRealDialog();
    void changedHostKeyIsRefused();
    void disconnectRemovesRow();
    void labFailureIsShownInWindow();
    void labNodesAppearAndStopWithWindow();
    void keyboardShortcuts();

private:
    std::unique_ptr<MainWindow> newWindow();
    ConnectionDialog *openDialog(MainWindow *window);
    void connectVia(MainWindow *window, const QString &address, const QString &password = {},
                    double timeoutSeconds = 0);
    static int rowFor(const NodeTableModel *model, const QString &needle);
    static QString cell(const NodeTableModel *model, int row, int column);
    ConnectionProfile masterThroughBastion() const;

    RedisServer m_master;
    RedisServer m_replica;
    RedisServer m_authServer;
    QString m_version;
};

void tst_MainWindow::initTestCase()
{
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
}

std::unique_ptr<MainWindow> tst_MainWindow::newWindow()
{
    auto window = std::make_unique<MainWindow>();
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

void tst_MainWindow::connectVia(MainWindow *window, const QString &address,
                                const QString &password, double timeoutSeconds)
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

int tst_MainWindow::rowFor(const NodeTableModel *model, const QString &needle)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (cell(model, row, NodeTableModel::NodeColumn).contains(needle))
            return row;
    }
    return -1;
}

QString tst_MainWindow::cell(const NodeTableModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
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

void tst_MainWindow::masterRowAppearsThroughTheDialog()
{
    auto window = newWindow();
    QVERIFY(window);
    const QString address = QStringLiteral("127.0.0.1:%1").arg(m_master.port());
    connectVia(window.get(), address);
    if (QTest::currentTestFailed())
        return;

    const NodeTableModel *model = window->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(rowFor(model, address), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
    QCOMPARE(cell(model, 0, NodeTableModel::VersionColumn), m_version);
    QCOMPARE(cell(model, 0, NodeTableModel::StatusColumn), QStringLiteral("Up"));
    QVERIFY(!cell(model, 0, NodeTableModel::UptimeColumn).isEmpty());
    QVERIFY(!cell(model, 0, NodeTableModel::MemoryColumn).isEmpty());
    QVERIFY(cell(model, 0, NodeTableModel::ClientsColumn).toInt() >= 1);
    // The table, not the empty page, is what the user sees now.
    auto *table = window->findChild<QTableView *>(QStringLiteral("nodeTable"));
    QVERIFY(table && table->isVisible());
}

void tst_MainWindow::replicaShowsItsMaster()
{
    auto window = newWindow();
    QVERIFY(window);
    connectVia(window.get(), QStringLiteral("redis://127.0.0.1:%1/0").arg(m_replica.port()));
    if (QTest::currentTestFailed())
        return;
    const NodeTableModel *model = window->model();
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, NodeTableModel::RoleColumn), QStringLiteral("replica"), 3000);
    const QString master = QStringLiteral("127.0.0.1:%1").arg(m_master.port());
    // The link comes up once the initial sync is done (a few seconds with diskless sync).
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, NodeTableModel::MasterColumn),
                              QStringLiteral("%1 (link up)").arg(master), 15000);
}

void tst_MainWindow::wrongPasswordIsReported()
{
    auto window = newWindow();
    QVERIFY(window);
    connectVia(window.get(), QStringLiteral("127.0.0.1:%1").arg(m_authServer.port()),
               QStringLiteral("wrong-password"));
    if (QTest::currentTestFailed())
        return;
    const NodeTableModel *model = window->model();
    QTRY_VERIFY_WITH_TIMEOUT(cell(model, 0, NodeTableModel::StatusColumn)
                                 .contains(QLatin1String("authentication failed"), Qt::CaseInsensitive),
                             3000);
    QCOMPARE(model->data(model->index(0, 0), NodeTableModel::StatusRole).toInt(),
             int(NodeMonitor::Status::AuthFailed));
    const QString message = window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive),
             qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("WRONGPASS")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("wrong-password")), qPrintable(message));
    QVERIFY(cell(model, 0, NodeTableModel::RoleColumn).isEmpty());
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

    connectVia(window.get(), QStringLiteral("127.0.0.1:%1").arg(silent.serverPort()), {}, 1.0);
    if (QTest::currentTestFailed())
        return;
    const NodeTableModel *model = window->model();

    // While the node hangs, the window still opens (and closes) the dialog.
    ConnectionDialog *dialog = openDialog(window.get());
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());

    auto failed = [&] {
        const auto status = NodeMonitor::Status(
            model->data(model->index(0, 0), NodeTableModel::StatusRole).toInt());
        return status == NodeMonitor::Status::Unreachable || status == NodeMonitor::Status::Error;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failed(), 4000);
    QVERIFY2(clock.elapsed() < 4000, "a 1 s timeout must fire within a few seconds");
    QVERIFY2(cell(model, 0, NodeTableModel::StatusColumn).contains(QLatin1String("timed out")),
             qPrintable(cell(model, 0, NodeTableModel::StatusColumn)));
    QVERIFY(!held.isEmpty());
    // A blocked GUI thread would have starved the 20 ms ticker.
    const qint64 expected = clock.elapsed() / 20;
    QVERIFY2(ticks >= expected / 2,
             qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(clock.elapsed())));
    qDeleteAll(held);
}

void tst_MainWindow::modelPassesTester()
{
    NodeTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    ConnectionProfile master;
    master.port = m_master.port();
    ConnectionProfile replica;
    replica.port = m_replica.port();
    replica.name = QStringLiteral("replica1");
    ConnectionProfile dead;
    dead.port = TestEnv::freePort();

    auto *a = new NodeMonitor(master);
    auto *b = new NodeMonitor(replica);
    auto *c = new NodeMonitor(dead);
    for (NodeMonitor *m : {a, b, c}) {
        m->setInterval(200);
        model.addMonitor(m);
        m->start();
    }
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(NodeTableModel::ColumnCount));
    QTRY_COMPARE_WITH_TIMEOUT(cell(&model, 1, NodeTableModel::RoleColumn), QStringLiteral("replica"), 3000);
    QVERIFY(cell(&model, 1, NodeTableModel::NodeColumn).startsWith(QLatin1String("replica1 (")));
    QTRY_VERIFY_WITH_TIMEOUT(cell(&model, 2, NodeTableModel::StatusColumn).startsWith(QLatin1String("Unreachable")), 3000);
    QTest::qWait(500);  // a few dataChanged rounds under the tester

    model.removeMonitor(b);
    delete b;
    QCOMPARE(model.rowCount(), 2);
    delete a;  // destroyed without removeMonitor(): the row goes away by itself
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.monitorAt(0), c);
    delete c;
    QCOMPARE(model.rowCount(), 0);
}

void tst_MainWindow::unknownHostKeyIsAskedAndAccepted()
{
    auto window = newWindow();
    QVERIFY(window);
    window->setTransportFactory(unknownHostKeyUntilAccepted());
    QList<QPair<NodeMonitor::Status, QString>> asked;
    window->setHostKeyPrompt([&](NodeMonitor *monitor, std::function<void(bool)> answer) {
        asked.append({monitor->status(), monitor->lastError().detail});
        answer(true);
    });

    ConnectionDialog *dialog = openDialog(window.get());
    QVERIFY(dialog);
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), QStringLiteral("127.0.0.1:%1").arg(m_master.port()));
    dialog->findChild<QCheckBox *>(QStringLiteral("sshEnabledCheck"))->setChecked(true);
    GuiTest::typeInto(dialog, QStringLiteral("sshHostEdit"), QStringLiteral("ops@bastion.test"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);

    const NodeTableModel *model = window->model();
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().first, NodeMonitor::Status::HostKeyUnknown);
    QCOMPARE(asked.first().second, kFingerprint);
    QCOMPARE(model->monitorAt(0)->profile().ssh.acceptFingerprint, kFingerprint);
}

void tst_MainWindow::unknownHostKeyThroughRealDialog()
{
    auto window = newWindow();
    QVERIFY(window);
    window->setTransportFactory(unknownHostKeyUntilAccepted());
    window->addNode(masterThroughBastion());

    HostKeyDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((prompt = GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog"))), 3000);
    QCOMPARE(prompt->findChild<QLabel *>(QStringLiteral("fingerprintLabel"))->text(), kFingerprint);
    QVERIFY(prompt->findChild<QLabel *>(QStringLiteral("hostKeyText"))->text().contains(QLatin1String("bastion.test:22")));
    GuiTest::screenshot(prompt, QStringLiteral("hostkey-unknown"));
    auto *accept = prompt->findChild<QPushButton *>(QStringLiteral("acceptButton"));
    QVERIFY(accept);
    QVERIFY2(!accept->isDefault(), "trusting a key must not be the Enter key");
    QTest::mouseClick(accept, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window->model(), 0, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
}

void tst_MainWindow::changedHostKeyIsRefused()
{
    auto window = newWindow();
    QVERIFY(window);
    int factoryCalls = 0;
    window->setTransportFactory([&factoryCalls](const ConnectionProfile &, QObject *parent) -> Transport * {
        ++factoryCalls;
        return new HostKeyFailure(NetError::make(NetError::Kind::SshHostKeyChanged,
                                                 QStringLiteral("host key changed"), kFingerprint),
                                  parent);
    });
    window->addNode(masterThroughBastion());

    HostKeyDialog *prompt = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((prompt = GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog"))), 3000);
    QCOMPARE(prompt->mode(), HostKeyDialog::Mode::Changed);
    QVERIFY2(!prompt->findChild<QPushButton *>(QStringLiteral("acceptButton")), "no way to accept a changed key");
    GuiTest::screenshot(prompt, QStringLiteral("hostkey-changed"));
    auto *close = prompt->findChild<QPushButton *>(QStringLiteral("closeButton"));
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_VERIFY(!GuiTest::visibleChild<HostKeyDialog>(window.get(), QStringLiteral("hostKeyDialog")));

    const NodeTableModel *model = window->model();
    QCOMPARE(cell(model, 0, NodeTableModel::StatusColumn), QStringLiteral("SSH host key changed"));
    QVERIFY(window->statusBar()->currentMessage().contains(kFingerprint));
    QTest::qWait(1000);
    QCOMPARE(factoryCalls, 1);  // no retries against a key that changed
}

void tst_MainWindow::disconnectRemovesRow()
{
    auto window = newWindow();
    QVERIFY(window);
    ConnectionProfile profile;
    profile.port = m_master.port();
    window->addNode(profile);
    window->addNode(profile);
    QCOMPARE(window->model()->rowCount(), 2);
    auto *table = window->findChild<QTableView *>(QStringLiteral("nodeTable"));
    auto *disconnect = window->findChild<QAction *>(QStringLiteral("disconnectAction"));
    QVERIFY(table && disconnect);
    QVERIFY(!disconnect->isEnabled());
    table->setFocus();
    table->selectRow(0);
    QVERIFY(disconnect->isEnabled());
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(window->model()->rowCount(), 1);
    table->selectRow(0);
    disconnect->trigger();
    QCOMPARE(window->model()->rowCount(), 0);
    // Back to the empty page.
    QVERIFY(!table->isVisible());
    QVERIFY(window->findChild<QWidget *>(QStringLiteral("emptyPage"))->isVisible());
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
}

void tst_MainWindow::labNodesAppearAndStopWithWindow()
{
    auto window = newWindow();
    QVERIFY(window);
    window->startLab(1);
    const NodeTableModel *model = window->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 30000);
    const int master = rowFor(model, QStringLiteral("master ("));
    const int replica = rowFor(model, QStringLiteral("replica1 ("));
    QVERIFY(master >= 0 && replica >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, master, NodeTableModel::RoleColumn), QStringLiteral("master"), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, replica, NodeTableModel::RoleColumn), QStringLiteral("replica"), 3000);
    const quint16 masterPort = model->monitorAt(master)->profile().port;
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, replica, NodeTableModel::MasterColumn),
                              QStringLiteral("127.0.0.1:%1 (link up)").arg(masterPort), 5000);
    QVERIFY2(!window->findChild<QAction *>(QStringLiteral("labAction"))->isEnabled(), "one lab per window");

    // The lab belongs to the window: closing it stops the servers.
    window.reset();
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, masterPort);
    QVERIFY(!probe.waitForConnected(1000));
}

void tst_MainWindow::keyboardShortcuts()
{
    auto window = newWindow();
    QVERIFY(window);
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QCOMPARE(window->findChild<QAction *>(QStringLiteral("connectAction"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_N));
    QCOMPARE(window->findChild<QAction *>(QStringLiteral("quitAction"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_Q));
    QCOMPARE(window->findChild<QAction *>(QStringLiteral("disconnectAction"))->shortcut(),
             QKeySequence(QKeySequence::Delete));

    QTest::keyClick(window.get(), Qt::Key_N, Qt::ControlModifier);
    QPointer<ConnectionDialog> dialog;
    QTRY_VERIFY((dialog = GuiTest::visibleChild<ConnectionDialog>(window.get(), QStringLiteral("connectionDialog"))));
    QTRY_VERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("addressEdit"))->hasFocus());
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("127.0.0.1:%1").arg(m_master.port()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(window->model()->rowCount(), 1);
    QTRY_VERIFY(!dialog || !dialog->isVisible());

    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window->isVisible());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
