// Node → Server Log on a real replica inside the SSH test bed that cannot log in to its
// master: the view tails its log over SSH, highlights the NOAUTH lines, and the filter keeps
// only the lines that contain its text.
#include "GuiTestHelpers.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestRegistry.h"

#include "doctor/LogView.h"
#include "ssh/SshSessionPool.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>

class TestLogView : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void tailsTheLogWithKnownLinesHighlighted()
    {
        RedisServer master;
        QVERIFY2(m_bed.startRedis(&master, {QStringLiteral("--requirepass"), QStringLiteral("lv-secret")}),
                 qPrintable(m_bed.errorString()));
        RedisServer replica;
        QVERIFY2(m_bed.startRedis(&replica, {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                                             QString::number(master.port())}),
                 qPrintable(m_bed.errorString()));
        const QString noauth = QStringLiteral("MASTER aborted replication with an error: NOAUTH");
        QTRY_VERIFY_WITH_TIMEOUT(replica.log().contains(noauth), 15000);

        SshSessionPool pool;
        OperationEnvironment env;
        env.ssh = &pool;
        const SshOptions ssh = m_bed.options();
        env.profileFor = [ssh](const QString &address) {
            ConnectionProfile p;
            p.port = quint16(address.section(QLatin1Char(':'), -1).toUInt());
            p.ssh = ssh;
            return p;
        };
        const QString node = QStringLiteral("127.0.0.1:%1").arg(replica.port());
        LogView view(env, node);
        view.setRefreshInterval(500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *text = view.findChild<QPlainTextEdit *>(QStringLiteral("logText"));
        QTRY_VERIFY_WITH_TIMEOUT(text->toPlainText().contains(noauth), 15000);
        QCOMPARE(view.source(), replica.logFile());
        QVERIFY(view.highlightedLines() > 0);
        const QString status = view.findChild<QLabel *>(QStringLiteral("logStatusLabel"))->text();
        QVERIFY2(status.contains(replica.logFile()) && status.contains(QLatin1String("known problem line")),
                 qPrintable(status));
        GuiTest::screenshot(&view, QStringLiteral("log-view"));

        auto *filter = view.findChild<QLineEdit *>(QStringLiteral("logFilterEdit"));
        filter->setText(QStringLiteral("NOAUTH"));
        const QStringList shown = text->toPlainText().split(QLatin1Char('\n'));
        QVERIFY(!shown.isEmpty());
        for (const QString &line : shown)
            QVERIFY2(line.contains(QLatin1String("NOAUTH")), qPrintable(line));
        filter->setText(QStringLiteral("no line has this"));
        QCOMPARE(text->toPlainText(), QString());
    }
};

TANDEM_TEST_MAIN(TestLogView)
#include "tst_logview.moc"
