// The redis.conf editor window: diagnostics in the problems list follow edits (after the
// debounce), quick fixes rename directives, files round-trip byte for byte, saving with
// errors and closing with changes ask through their hooks.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "ProblemsTestHelpers.h"
#include "TestRegistry.h"

#include "config/ConfigEditor.h"
#include "config/ConfigEditorWindow.h"
#include "config/ProblemsModel.h"
#include "config/ProblemsView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QFile>
#include <QLabel>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Replaces 1-based `line` of the editor with `text` the way typing would (undoable).
void replaceLine(ConfigEditor *editor, int line, const QString &text)
{
    QTextCursor c(editor->document()->findBlockByNumber(line - 1));
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.insertText(text);
}

using GuiTest::rowWithCode;

} // namespace

class TestConfigEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void errorAppearsAndClears();
    void quickFixRenamesTypo();
    void crlfWithoutFinalNewlineRoundTrips();
    void undoRestores();
    void saveWithErrorsAsks();
    void closeWithChangesAsks();
    void completionAndHelp();
    void screenshots();

private:
    ConfigEditorWindow *openWindow(const QByteArray &bytes);

    QTemporaryDir m_dir;
    QString m_path;
    QPointer<ConfigEditorWindow> m_window;
};

void TestConfigEditor::init()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("redis.conf"));
    QApplication::setPalette(QPalette());
}

void TestConfigEditor::cleanup()
{
    if (m_window) {
        m_window->editor()->document()->setModified(false);
        delete m_window;
    }
}

ConfigEditorWindow *TestConfigEditor::openWindow(const QByteArray &bytes)
{
    writeAll(m_path, bytes);
    m_window = new ConfigEditorWindow;
    if (!m_window->openFile(m_path))
        return nullptr;
    m_window->show();
    return m_window;
}

void TestConfigEditor::errorAppearsAndClears()
{
    ConfigEditorWindow *w = openWindow("# test\nport 6379\nmaxmemory 12xb\n");
    QVERIFY(w);
    QCOMPARE(w->objectName(), QStringLiteral("configEditorWindow"));
    auto *view = w->findChild<ProblemsView *>(QStringLiteral("problemsList"));
    QVERIFY(view);
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    const int row = rowWithCode(w->problems(), QStringLiteral("bad-memory"));
    QVERIFY(row >= 0);
    QCOMPARE(GuiTest::cell(view->model(), row, ProblemsModel::LineColumn), QStringLiteral("3"));
    QCOMPARE(GuiTest::cell(view->model(), row, ProblemsModel::CodeColumn), QStringLiteral("bad-memory"));
    QCOMPARE(w->findChild<QLabel *>(QStringLiteral("problemsSummary"))->text(), QStringLiteral("1 error"));
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("redis.conf")));

    // Activating the row puts the cursor on line 3 at the bad value.
    Q_EMIT view->activated(view->model()->index(row, ProblemsModel::MessageColumn));
    QCOMPARE(w->editor()->textCursor().blockNumber(), 2);
    QCOMPARE(w->editor()->textCursor().positionInBlock(), 10);
    QVERIFY(w->editor()->toolTipAt(w->editor()->textCursor()).contains(QStringLiteral("memory value")));

    replaceLine(w->editor(), 3, QStringLiteral("maxmemory 12mb"));
    QVERIFY(w->isWindowModified());
    QCOMPARE(w->problems()->rowCount(), 1);  // debounced: not re-validated on every key
    QTRY_COMPARE(w->problems()->rowCount(), 0);
    QCOMPARE(w->statusText(), QStringLiteral("No problems"));
}

void TestConfigEditor::quickFixRenamesTypo()
{
    ConfigEditorWindow *w = openWindow("port 6379\nreplicaof-typo 127.0.0.1 6380\n");
    QVERIFY(w);
    const int row = rowWithCode(w->problems(), QStringLiteral("unknown-directive"));
    QVERIFY(row >= 0);
    QCOMPARE(w->problems()->diagnostic(row).line, 2);
    QCOMPARE(w->problems()->diagnostic(row).fix, QStringLiteral("replicaof"));

    ProblemsView *view = w->problemsView();
    QAction *fix = view->quickFixAction();
    QVERIFY(!fix->isEnabled());
    view->setCurrentIndex(view->model()->index(row, 0));
    QVERIFY(fix->isEnabled());
    fix->trigger();
    QCOMPARE(w->editor()->document()->findBlockByNumber(1).text(), QStringLiteral("replicaof 127.0.0.1 6380"));
    QCOMPARE(rowWithCode(w->problems(), QStringLiteral("unknown-directive")), -1);
    QVERIFY(!fix->isEnabled());
}

void TestConfigEditor::crlfWithoutFinalNewlineRoundTrips()
{
    const QByteArray original = "# crlf\r\nport 6379\r\n\r\nappendonly no";
    ConfigEditorWindow *w = openWindow(original);
    QVERIFY(w);
    QCOMPARE(w->editor()->toPlainText(), QStringLiteral("# crlf\nport 6379\n\nappendonly no"));
    bool asked = false;
    w->setSaveWithErrorsConfirm([&asked](const QString &, std::function<void(bool)> reply) {
        asked = true;
        reply(true);
    });
    writeAll(m_path, "clobbered");
    w->save();
    QVERIFY(!asked);
    QCOMPARE(readAll(m_path), original);

    // Edited, the file keeps its CRLF endings and its missing final newline.
    replaceLine(w->editor(), 2, QStringLiteral("port 6380"));
    w->save();
    QCOMPARE(readAll(m_path), QByteArray("# crlf\r\nport 6380\r\n\r\nappendonly no"));
    QVERIFY(!w->isWindowModified());
}

void TestConfigEditor::undoRestores()
{
    const QByteArray original = "port 6379\nreplica-serve-stale-data yes\nslaveof 10.0.0.1 6379\n";
    ConfigEditorWindow *w = openWindow(original);
    QVERIFY(w);
    const int row = rowWithCode(w->problems(), QStringLiteral("deprecated-alias"));
    QVERIFY(row >= 0);
    w->problemsView()->setCurrentIndex(w->problems()->index(row, 0));
    w->problemsView()->quickFixAction()->trigger();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("replicaof 10.0.0.1 6379"));
    QVERIFY(w->isWindowModified());

    w->editor()->undo();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("slaveof 10.0.0.1 6379"));
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->editor()->fileBytes(), original);
    QTRY_VERIFY(rowWithCode(w->problems(), QStringLiteral("deprecated-alias")) >= 0);
    w->editor()->redo();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("replicaof 10.0.0.1 6379"));
}

void TestConfigEditor::saveWithErrorsAsks()
{
    const QByteArray original = "port 6379\n";
    ConfigEditorWindow *w = openWindow(original);
    QVERIFY(w);
    replaceLine(w->editor(), 1, QStringLiteral("port nope"));
    w->editor()->validateNow();
    QCOMPARE(w->statusText(), QStringLiteral("1 error"));

    QString question;
    bool answer = false;
    w->setSaveWithErrorsConfirm([&](const QString &q, std::function<void(bool)> reply) {
        question = q;
        reply(answer);
    });
    w->save();
    QVERIFY(question.contains(QStringLiteral("1 error")));
    QCOMPARE(readAll(m_path), original);  // declined: nothing written
    QVERIFY(w->isWindowModified());

    answer = true;
    w->save();
    QCOMPARE(readAll(m_path), QByteArray("port nope\n"));
    QVERIFY(!w->isWindowModified());
}

void TestConfigEditor::closeWithChangesAsks()
{
    ConfigEditorWindow *w = openWindow("port 6379\n");
    QVERIFY(w);
    replaceLine(w->editor(), 1, QStringLiteral("port 6380"));
    int asked = 0;
    ConfigEditorWindow::UnsavedChoice choice = ConfigEditorWindow::UnsavedChoice::Cancel;
    w->setUnsavedChangesPrompt([&](const QString &name, std::function<void(ConfigEditorWindow::UnsavedChoice)> reply) {
        QCOMPARE(name, QStringLiteral("redis.conf"));
        ++asked;
        reply(choice);
    });
    QVERIFY(!w->close());
    QCOMPARE(asked, 1);
    QVERIFY(m_window && w->isVisible());

    choice = ConfigEditorWindow::UnsavedChoice::Save;
    w->close();
    QCOMPARE(asked, 2);
    QCOMPARE(readAll(m_path), QByteArray("port 6380\n"));
    QTRY_VERIFY(!m_window);  // WA_DeleteOnClose
}

void TestConfigEditor::completionAndHelp()
{
    ConfigEditorWindow *w = openWindow("\n");
    QVERIFY(w);
    ConfigEditor *editor = w->editor();
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("maxmemory-pol"));
    QCompleter *completer = editor->completer();
    QCOMPARE(completer->currentCompletion(), QStringLiteral("maxmemory-policy"));
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(editor->textCursor().block().text(), QStringLiteral("maxmemory-policy"));
    QTest::keyClicks(editor, QStringLiteral(" allkeys-l"));
    QVERIFY(editor->complete(false) >= 2);  // allkeys-lru, allkeys-lfu
    QVERIFY(completer->popup()->isVisible());
    QTest::keyClick(completer->popup(), Qt::Key_Escape);

    QTextCursor onName(editor->document()->firstBlock());
    onName.setPosition(3);
    const QString help = editor->toolTipAt(onName);
    QVERIFY2(help.contains(QStringLiteral("maxmemory-policy")), qPrintable(help));
    QVERIFY2(help.contains(QStringLiteral("noeviction")), qPrintable(help));
}

void TestConfigEditor::screenshots()
{
    QByteArray conf = readAll(QStringLiteral("/etc/redis/redis.conf"));
    QVERIFY2(!conf.isEmpty(), "no /etc/redis/redis.conf here (apt-get install redis-server)");
    // One injected error near the top so it shows in the visible part of the editor.
    const qsizetype at = conf.indexOf("\nbind ");
    conf.insert(at < 0 ? 0 : at + 1, QByteArray("maxmemory 12xb\nreplicaof-typo 10.0.0.1 6379\n"));
    ConfigEditorWindow *w = openWindow(conf);
    QVERIFY(w);
    w->resize(1000, 760);
    const int row = rowWithCode(w->problems(), QStringLiteral("bad-memory"));
    QVERIFY(row >= 0);
    Q_EMIT w->problemsView()->activated(w->problems()->index(row, 0));
    // The typo row is current so the quick-fix button shows its rename.
    w->problemsView()->setCurrentIndex(w->problems()->index(rowWithCode(w->problems(), QStringLiteral("unknown-directive")), 0));
    QTest::qWait(50);
    GuiTest::screenshot(w, QStringLiteral("configeditor-light"));
    QApplication::setPalette(TestPalette::dark());
    QTest::qWait(50);
    GuiTest::screenshot(w, QStringLiteral("configeditor-dark"));
}

TANDEM_TEST_MAIN(TestConfigEditor)
#include "tst_configeditor.moc"
