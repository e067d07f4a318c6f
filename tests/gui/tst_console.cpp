// The console widget against a real redis-server, typed into like a user would: replies,
// quoting, multi-line replies as lines, raw output, history, completion, confirmation of
// dangerous commands (through the hook and through the real dialog), refusals, and a server
// that never answers.
#include "DarkPalette.h"
#include "FakeRedisServer.h"
#include "GuiTestHelpers.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "console/ConsoleInput.h"
#include "console/ConsoleTabs.h"
#include "console/ConsoleWidget.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>
#include <QTimer>
#include <QToolButton>

class tst_Console : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pingPong();
    void quotedValuesRoundTrip();
    void infoShowsAsLines();
    void rawToggle();
    void historyRecall();
    void dangerousCommandNeedsConfirmation();
    void realConfirmationDialog();
    void refusedAndBrokenLines();
    void completionAndClear();
    void silentServerKeepsGuiResponsive();
    void tabsOnePerNode();
    void screenshots();

private:
    ConnectionProfile profile(quint16 port) const;
    std::unique_ptr<ConsoleWidget> newConsole(quint16 port);
    static void type(ConsoleWidget *console, const QString &line);
    static ConsoleInput *input(ConsoleWidget *console);

    RedisServer m_server;
};

void tst_Console::initTestCase()
{
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

ConnectionProfile tst_Console::profile(quint16 port) const
{
    ConnectionProfile p;
    p.port = port;
    p.connectTimeoutMs = 2000;
    p.commandTimeoutMs = 2000;
    return p;
}

std::unique_ptr<ConsoleWidget> tst_Console::newConsole(quint16 port)
{
    auto console = std::make_unique<ConsoleWidget>(profile(port), nullptr);
    console->resize(640, 360);
    console->show();
    if (!QTest::qWaitForWindowExposed(console.get()))
        return nullptr;
    return console;
}

ConsoleInput *tst_Console::input(ConsoleWidget *console)
{
    return console->findChild<ConsoleInput *>(QStringLiteral("consoleInput"));
}

void tst_Console::type(ConsoleWidget *console, const QString &line)
{
    ConsoleInput *edit = input(console);
    QVERIFY(edit);
    edit->setFocus();
    QTest::keyClicks(edit, line);
    QTest::keyClick(edit, Qt::Key_Return);
}

void tst_Console::pingPong()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    QCOMPARE(console->objectName(), QStringLiteral("console"));
    type(console.get(), QStringLiteral("PING"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().contains(QLatin1String("PONG")), 3000);
    const QString prompt = QStringLiteral("127.0.0.1:%1> ").arg(m_server.port());
    QVERIFY2(console->outputText().contains(prompt + QStringLiteral("PING")), qPrintable(console->outputText()));
    QCOMPARE(input(console.get())->text(), QString());
}

void tst_Console::quotedValuesRoundTrip()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    type(console.get(), QStringLiteral("SET k \"a b\""));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);
    type(console.get(), QStringLiteral("GET k"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("\"a b\"")), 3000);
    type(console.get(), QStringLiteral("NOSUCH"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().contains(QLatin1String("(error) ERR unknown command")), 3000);
}

void tst_Console::infoShowsAsLines()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    type(console.get(), QStringLiteral("INFO replication"));
    QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy()
                                 && console->outputText().contains(QLatin1String("role:")), 3000);
    const QString output = console->outputText();
    const QStringList lines = output.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("role:master")), qPrintable(output));
    QVERIFY2(lines.contains(QStringLiteral("# Replication")), qPrintable(output));
    QVERIFY2(!output.contains(QLatin1String("\\r\\n")), qPrintable(output));
    QVERIFY2(!output.contains(QLatin1Char('"')), qPrintable(output));
    QVERIFY2(!output.contains(QLatin1Char('\r')), qPrintable(output));
    GuiTest::screenshot(console.get(), QStringLiteral("console-info"));
    // A single-line value keeps its quotes.
    type(console.get(), QStringLiteral("ECHO \"just one\""));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("\n\"just one\"")), 3000);
}

void tst_Console::rawToggle()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    auto *toggle = console->findChild<QToolButton *>(QStringLiteral("consoleRawToggle"));
    QVERIFY(toggle);
    QVERIFY(toggle->isVisible());
    QVERIFY(toggle->isCheckable());
    QVERIFY(!toggle->isChecked());
    QVERIFY(toggle->toolTip().contains(QLatin1String("--raw")));
    QVERIFY(toggle->focusPolicy() & Qt::TabFocus);

    type(console.get(), QStringLiteral("SET rawcount 41"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);
    type(console.get(), QStringLiteral("INCR rawcount"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("\n(integer) 42")), 3000);

    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(console->isRawOutput());
    type(console.get(), QStringLiteral("INCR rawcount"));
    QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy(), 3000);
    QTRY_VERIFY2_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("> INCR rawcount\n43")),
                              qPrintable(console->outputText()), 3000);
    type(console.get(), QStringLiteral("RPUSH rawlist a \"b c\""));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("\n2")), 3000);
    type(console.get(), QStringLiteral("LRANGE rawlist 0 -1"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("LRANGE rawlist 0 -1\na\nb c")), 3000);
    GuiTest::screenshot(console.get(), QStringLiteral("console-raw"));
    type(console.get(), QStringLiteral("GET nosuchkey"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("GET nosuchkey\n")), 3000);
    type(console.get(), QStringLiteral("NOSUCH"));
    QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy()
                                 && console->outputText().contains(QLatin1String("> NOSUCH\n")), 3000);
    QVERIFY2(console->outputText().section(QLatin1Char('\n'), -1).startsWith(QLatin1String("ERR unknown command")),
             qPrintable(console->outputText()));

    // Alt+R from the command line toggles it back: the next reply is formatted again.
    // (Shortcuts need the window active.)
    console->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(console.get()));
    input(console.get())->setFocus();
    QTest::keyClick(input(console.get()), Qt::Key_R, Qt::AltModifier);
    QVERIFY(!toggle->isChecked());
    QCOMPARE(input(console.get())->text(), QString());
    type(console.get(), QStringLiteral("INCR rawcount"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("\n(integer) 44")), 3000);
}

void tst_Console::historyRecall()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    ConsoleInput *edit = input(console.get());
    for (const QString &line : {QStringLiteral("ECHO one"), QStringLiteral("ECHO two")}) {
        type(console.get(), line);
        QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy(), 3000);
    }
    QTest::keyClicks(edit, QStringLiteral("draft"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("ECHO two"));
    QTest::keyClick(edit, Qt::Key_Up);
    QCOMPARE(edit->text(), QStringLiteral("ECHO one"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(edit->text(), QStringLiteral("ECHO two"));
    QTest::keyClick(edit, Qt::Key_Down);
    QCOMPARE(edit->text(), QStringLiteral("draft"));
    // Recalled and re-run.
    edit->clear();
    QTest::keyClick(edit, Qt::Key_Up);
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(console->outputText().count(QLatin1String("\"two\"")), 2, 3000);
}

void tst_Console::dangerousCommandNeedsConfirmation()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    QStringList asked;
    bool answer = false;
    QStringList reasons;
    console->setConfirmHook([&](const QString &command, const QString &node, const QString &reason) {
        asked << command << node;
        reasons << reason;
        return answer;
    });
    type(console.get(), QStringLiteral("SET keep me"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);

    type(console.get(), QStringLiteral("FLUSHALL"));
    QCOMPARE(asked, QStringList({QStringLiteral("FLUSHALL"), QStringLiteral("127.0.0.1:%1").arg(m_server.port())}));
    QVERIFY(console->outputText().endsWith(QLatin1String("Not sent.")));
    QVERIFY(!console->session()->isBusy());
    type(console.get(), QStringLiteral("EXISTS keep"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("(integer) 1")), 3000);

    answer = true;
    type(console.get(), QStringLiteral("FLUSHALL"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);
    type(console.get(), QStringLiteral("EXISTS keep"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("(integer) 0")), 3000);
    QCOMPARE(asked.size(), 4);
    QVERIFY(reasons.first().contains(QLatin1String("every key")));
    // Harmless commands are never asked about.
    type(console.get(), QStringLiteral("DBSIZE"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("(integer) 0")), 3000);
    QCOMPARE(asked.size(), 4);
}

void tst_Console::realConfirmationDialog()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    type(console.get(), QStringLiteral("SET keep me"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);

    type(console.get(), QStringLiteral("FLUSHDB"));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = GuiTest::visibleChild<QMessageBox>(console.get(), QStringLiteral("consoleConfirmDialog"))));
    QVERIFY(box->text().contains(QLatin1String("FLUSHDB")));
    QVERIFY(box->text().contains(QStringLiteral("127.0.0.1:%1").arg(m_server.port())));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    GuiTest::screenshot(box, QStringLiteral("console-confirm"));
    // The dialog is open(), not exec(): while it waits, a second Enter sends nothing.
    type(console.get(), QStringLiteral("PING"));
    QVERIFY(!console->session()->isBusy());
    input(console.get())->clear();
    QTest::keyClick(box, Qt::Key_Return);  // Enter = the default button = Cancel
    QTRY_VERIFY(!box->isVisible());
    QVERIFY(console->outputText().endsWith(QLatin1String("Not sent.")));

    type(console.get(), QStringLiteral("FLUSHDB"));
    QTRY_VERIFY((box = GuiTest::visibleChild<QMessageBox>(console.get(), QStringLiteral("consoleConfirmDialog"))));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRunButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("OK")), 3000);
    type(console.get(), QStringLiteral("EXISTS keep"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().endsWith(QLatin1String("(integer) 0")), 3000);
}

void tst_Console::refusedAndBrokenLines()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    type(console.get(), QStringLiteral("MONITOR"));
    QVERIFY(console->outputText().contains(QLatin1String("(refused) MONITOR")));
    QVERIFY(!console->session()->isBusy());
    type(console.get(), QStringLiteral("SET k \"unbalanced"));
    QVERIFY2(console->outputText().contains(QLatin1String("Unbalanced quotes")), qPrintable(console->outputText()));
    QVERIFY(console->outputText().endsWith(QLatin1String("Nothing was sent.")));
    // AUTH is echoed and remembered without its password.
    type(console.get(), QStringLiteral("AUTH hunter2"));
    QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy(), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().contains(QLatin1String("(error)")), 3000);
    QVERIFY(!console->outputText().contains(QLatin1String("hunter2")));
    QVERIFY(console->outputText().contains(QLatin1String("AUTH <redacted>")));
}

void tst_Console::completionAndClear()
{
    auto console = newConsole(m_server.port());
    QVERIFY(console);
    ConsoleInput *edit = input(console.get());
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("flusha"));
    QTest::keyClick(edit, Qt::Key_Tab);
    QCOMPARE(edit->text(), QStringLiteral("FLUSHALL "));
    QVERIFY(edit->hasFocus());  // Tab completed instead of moving on
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("CONFIG"));
    QVERIFY(!edit->completer()->popup()->isVisible());  // exact and only match: nothing to offer
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("zr"));
    QTRY_VERIFY(edit->completer()->popup()->isVisible());
    QTest::keyClick(edit->completer()->popup(), Qt::Key_Escape);
    edit->clear();

    type(console.get(), QStringLiteral("PING"));
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().contains(QLatin1String("PONG")), 3000);
    QTest::keyClick(edit, Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(console->outputText(), QString());
}

void tst_Console::silentServerKeepsGuiResponsive()
{
    // Completes the handshake, then never answers a command.
    FakeRedisServer silent;
    silent.setScript(FakeRedisServer::handshakeThen([](QTcpSocket *, const QByteArrayList &) {}));
    QVERIFY(silent.listen());
    auto console = newConsole(silent.port());
    QVERIFY(console);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    QElapsedTimer clock;
    clock.start();

    type(console.get(), QStringLiteral("GET k"));
    QVERIFY(console->session()->isBusy());
    auto *busy = console->findChild<QProgressBar *>(QStringLiteral("consoleBusy"));
    QTRY_VERIFY(busy->isVisible());
    // Still typing while it waits; Enter does not queue a second command.
    QTest::keyClicks(input(console.get()), QStringLiteral("ECHO later"));
    QTest::keyClick(input(console.get()), Qt::Key_Return);
    QCOMPARE(input(console.get())->text(), QStringLiteral("ECHO later"));
    // Cancel gives the console back at once.
    QTest::mouseClick(console->findChild<QToolButton *>(QStringLiteral("consoleCancel")), Qt::LeftButton);
    QVERIFY(!console->session()->isBusy());
    QVERIFY(!busy->isVisible());
    QVERIFY(console->outputText().endsWith(QLatin1String("(cancelled)")));

    // Without cancelling, the command times out on its own (2 s) and says so.
    input(console.get())->clear();
    type(console.get(), QStringLiteral("GET k"));
    QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy(), 5000);
    QVERIFY2(console->outputText().contains(QLatin1String("no reply in time")), qPrintable(console->outputText()));
    const qint64 expected = clock.elapsed() / 20;
    QVERIFY2(ticks >= expected / 2, qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(clock.elapsed())));
}

void tst_Console::tabsOnePerNode()
{
    RedisServer second;
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    ConsoleTabs tabs;
    tabs.resize(640, 360);
    tabs.show();
    const QString a = QStringLiteral("127.0.0.1:%1").arg(m_server.port());
    const QString b = QStringLiteral("127.0.0.1:%1").arg(second.port());
    ConsoleWidget *first = tabs.openConsole(a, profile(m_server.port()));
    QCOMPARE(tabs.openConsole(a, profile(m_server.port())), first);
    QCOMPARE(tabs.count(), 1);
    ConsoleWidget *other = tabs.openConsole(b, profile(second.port()));
    QCOMPARE(tabs.count(), 2);
    QCOMPARE(tabs.tabText(1), b);
    QCOMPARE(tabs.currentWidget(), other);
    QCOMPARE(tabs.console(a), first);
    // Raw output is a per-tab choice.
    QTest::mouseClick(other->findChild<QToolButton *>(QStringLiteral("consoleRawToggle")), Qt::LeftButton);
    QVERIFY(other->isRawOutput());
    QVERIFY(!first->isRawOutput());
    bool asked = false;
    tabs.setConfirmHook([&asked](const QString &, const QString &, const QString &) { return asked = true, false; });
    type(other, QStringLiteral("FLUSHALL"));
    QVERIFY(asked);
    type(other, QStringLiteral("PING"));
    QTRY_VERIFY_WITH_TIMEOUT(other->outputText().contains(QLatin1String("PONG")), 3000);
    tabs.closeConsole(a);
    QCOMPARE(tabs.count(), 1);
    QVERIFY(!tabs.console(a));
}

void tst_Console::screenshots()
{
    for (const bool dark : {false, true}) {
        auto console = std::make_unique<ConsoleWidget>(profile(m_server.port()), nullptr);
        if (dark)
            console->setPalette(TestPalette::dark());
        console->resize(680, 420);
        console->show();
        QVERIFY(QTest::qWaitForWindowExposed(console.get()));
        console->setConfirmHook([](const QString &, const QString &, const QString &) { return false; });
        for (const QString &line : {QStringLiteral("PING"), QStringLiteral("SET greeting \"hello world\""),
                                    QStringLiteral("GET greeting"), QStringLiteral("DEL list"),
                                    QStringLiteral("RPUSH list a \"b c\" \"\\x00\\xff\""),
                                    QStringLiteral("LRANGE list 0 -1"), QStringLiteral("INCR greeting"),
                                    QStringLiteral("FLUSHALL"), QStringLiteral("MONITOR"),
                                    QStringLiteral("CONFIG GET maxmemory*")}) {
            type(console.get(), line);
            QTRY_VERIFY_WITH_TIMEOUT(!console->session()->isBusy(), 3000);
        }
        QTest::keyClicks(input(console.get()), QStringLiteral("INFO repl"));
        QTest::qWait(30);
        GuiTest::screenshot(console.get(), dark ? QStringLiteral("console-dark") : QStringLiteral("console-light"));
    }
}

TANDEM_TEST_MAIN(tst_Console)
#include "tst_console.moc"
