// "Test connection" in the Connection Manager, and connecting to a node already in view with
// settings that do not work: against a real redis-server with a password, the user learns
// what answered or why not, and a working view is never swapped for broken settings.
#include "ConnectionManagerDialog.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"
#include "net/ConnectionTester.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"
#include "topology/TopologyMonitor.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

class tst_ConnectionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void managerTestButtonSaysWhatAnswered();
    void wrongPasswordForNodeInViewIsReported();

private:
    ConnectionProfile profile(const QString &password) const;
    QString addProfile(ProfileStore &store, const QString &name, const QString &password);

    RedisServer m_redis;
};

void tst_ConnectionTest::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY2(m_redis.start({QStringLiteral("--requirepass"), QStringLiteral("right-secret")}), qPrintable(m_redis.errorString()));
}

ConnectionProfile tst_ConnectionTest::profile(const QString &password) const
{
    ConnectionProfile p;
    p.host = QStringLiteral("127.0.0.1");
    p.port = m_redis.port();
    p.password = password;
    p.connectTimeoutMs = 3000;
    return p;
}

QString tst_ConnectionTest::addProfile(ProfileStore &store, const QString &name, const QString &password)
{
    ConnectionProfile p = profile(password);
    p.name = name;
    bool done = false;
    const QString id = store.add(p, this, [&done](const SecretsResult &) { done = true; });
    if (!QTest::qWaitFor([&] { return done; }, 5000))
        qWarning("add did not finish");
    return id;
}

void tst_ConnectionTest::managerTestButtonSaysWhatAnswered()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("tandem.ini")), QSettings::IniFormat);
    MemorySecretStore secrets;
    secrets.setPersistent(true);
    ProfileStore store(&settings, &secrets);
    const QString good = addProfile(store, QStringLiteral("good"), QStringLiteral("right-secret"));
    const QString bad = addProfile(store, QStringLiteral("bad"), QStringLiteral("wrong-secret"));

    ConnectionManagerDialog dialog(&store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testButton"));
    QVERIFY(test);
    QSignalSpy tested(&dialog, &ConnectionManagerDialog::connectionTested);
    QSignalSpy connectRequested(&dialog, &ConnectionManagerDialog::connectRequested);

    dialog.selectProfile(good);
    QTRY_VERIFY(test->isEnabled());
    test->click();
    QVERIFY(tested.wait(10000));
    auto result = tested.takeFirst().at(0).value<ConnectionTester::Result>();
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QVERIFY2(dialog.statusText().contains(QStringLiteral("\"good\" works")), qPrintable(dialog.statusText()));
    QVERIFY2(dialog.statusText().contains(QStringLiteral("Redis 7")) || dialog.statusText().contains(QStringLiteral("Redis 6")),
             qPrintable(dialog.statusText()));
    QVERIFY(dialog.statusText().contains(QStringLiteral("master")));
    QVERIFY(dialog.isVisible());  // testing is not connecting
    QCOMPARE(connectRequested.count(), 0);

    dialog.selectProfile(bad);
    QTRY_VERIFY(test->isEnabled());
    test->click();
    QVERIFY(tested.wait(10000));
    result = tested.takeFirst().at(0).value<ConnectionTester::Result>();
    QCOMPARE(result.error.kind, NetError::Kind::AuthFailed);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("\"bad\" does not work")), qPrintable(dialog.statusText()));
    QVERIFY2(dialog.statusText().contains(QStringLiteral("authentication failed")), qPrintable(dialog.statusText()));
    QVERIFY(!dialog.statusText().contains(QStringLiteral("wrong-secret")));

    // Nothing listening: refused, said as such.
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost));
    ConnectionProfile nowhere = profile(QString());
    nowhere.port = placeholder.serverPort();
    placeholder.close();
    nowhere.name = QStringLiteral("nowhere");
    bool done = false;
    const QString none = store.add(nowhere, this, [&done](const SecretsResult &) { done = true; });
    QTRY_VERIFY(done);
    dialog.selectProfile(none);
    QTRY_VERIFY(test->isEnabled());
    test->click();
    QVERIFY(tested.wait(10000));
    result = tested.takeFirst().at(0).value<ConnectionTester::Result>();
    QCOMPARE(result.error.kind, NetError::Kind::ConnectionRefused);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("\"nowhere\" does not work")), qPrintable(dialog.statusText()));
}

void tst_ConnectionTest::wrongPasswordForNodeInViewIsReported()
{
    QTemporaryDir dir;
    GuiTest::isolateSettings(dir);
    auto window = GuiTest::shownMainWindow(200);
    QVERIFY(window);
    window->addNode(profile(QStringLiteral("right-secret")));
    const QString address = profile(QString()).address();
    auto *monitor = window->findChild<TopologyMonitor *>();
    QVERIFY(monitor);
    QTRY_VERIFY_WITH_TIMEOUT(monitor->topology().node(address) && monitor->topology().node(address)->isUp(), 10000);

    // The same node with a wrong password: a warning says so, the view keeps working.
    window->addNode(profile(QStringLiteral("wrong-secret")));
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = window->findChild<QMessageBox *>(QStringLiteral("connectionFailedBox"))), 10000);
    QVERIFY2(box->text().contains(QStringLiteral("authentication failed")), qPrintable(box->text()));
    QVERIFY(box->text().contains(QStringLiteral("keeps watching it")));
    QVERIFY(!box->text().contains(QStringLiteral("wrong-secret")));
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("failed")));
    box->accept();
    QTest::qWait(600);  // a few polls: still answering with the settings that work
    QVERIFY(monitor->topology().node(address)->isUp());
    QCOMPARE(monitor->profileFor(address).password, QStringLiteral("right-secret"));

    // Right settings again: said to work, no warning.
    window->addNode(profile(QStringLiteral("right-secret")));
    QTRY_VERIFY_WITH_TIMEOUT(window->statusBar()->currentMessage().contains(QStringLiteral("work too")), 10000);
    QVERIFY(!window->findChild<QMessageBox *>(QStringLiteral("connectionFailedBox")));
}

TANDEM_TEST_MAIN(tst_ConnectionTest)
#include "tst_connectiontest.moc"
