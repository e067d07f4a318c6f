// The redis.conf editor window: diagnostics in the problems list follow edits (after the
// debounce), quick fixes rename directives, files round-trip byte for byte, saving with
// errors and closing with changes ask through their hooks; Find / Replace / Go to Line over
// the distribution redis.conf, driven by their keys.
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
#include <QCheckBox>
#include <QCompleter>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
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

// Where `word` starts in `text`, found without TextSearch so the two can disagree.
QList<int> occurrences(const QString &text, const QRegularExpression &word)
{
    QList<int> out;
    for (auto it = word.globalMatch(text); it.hasNext();)
        out << int(it.next().capturedStart());
    return out;
}

// The extra selections that paint a find match (a background over exactly `length` chars).
int highlightCount(const QPlainTextEdit *editor, int length)
{
    int n = 0;
    for (const QTextEdit::ExtraSelection &sel : editor->extraSelections()) {
        if (sel.format.hasProperty(QTextFormat::BackgroundBrush)
            && !sel.format.property(QTextFormat::FullWidthSelection).toBool()
            && sel.cursor.selectionEnd() - sel.cursor.selectionStart() == length)
            ++n;
    }
    return n;
}

bool hasWavyUnderline(const QPlainTextEdit *editor)
{
    const QList<QTextEdit::ExtraSelection> all = editor->extraSelections();
    return std::any_of(all.cbegin(), all.cend(), [](const QTextEdit::ExtraSelection &sel) {
        return sel.format.underlineStyle() == QTextCharFormat::WaveUnderline;
    });
}

} // namespace

class TestConfigEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void errorAppearsAndClears();
    void quickFixRenamesTypo();
    void quickFixNeverAddsAProblem();
    void crlfWithoutFinalNewlineRoundTrips();
    void undoRestores();
    void saveWithErrorsAsks();
    void closeWithChangesAsks();
    void completionAndHelp();
    void findSearchesAsYouTypeAndWraps();
    void replaceAllIsOneUndoStep();
    void goToLine();
    void screenshots();

private:
    ConfigEditorWindow *openWindow(const QByteArray &bytes);
    // The distribution redis.conf with one error near the top, in an active 1280x800 window.
    ConfigEditorWindow *openDistributionConf(QByteArray *bytes = nullptr);

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

ConfigEditorWindow *TestConfigEditor::openDistributionConf(QByteArray *bytes)
{
    QByteArray conf = readAll(QStringLiteral("/etc/redis/redis.conf"));
    if (conf.isEmpty()) {
        qWarning("no /etc/redis/redis.conf here (apt-get install redis-server)");
        return nullptr;
    }
    const qsizetype at = conf.indexOf("\nbind ");
    conf.insert(at < 0 ? 0 : at + 1, QByteArray("maxmemory 12xb\n"));
    if (bytes)
        *bytes = conf;
    ConfigEditorWindow *w = openWindow(conf);
    if (!w)
        return nullptr;
    w->resize(1280, 800);
    QApplication::setActiveWindow(w);
    if (!QTest::qWaitForWindowActive(w))
        return nullptr;
    w->editor()->setFocus();
    return w;
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

void TestConfigEditor::quickFixNeverAddsAProblem()
{
    // The typo's suggestion names a setting the file already has: renaming would leave two
    // replicaof lines (a new "set again" finding), so the fix is not offered and says why.
    ConfigEditorWindow *w = openWindow("port 6379\nreplicaof 10.0.0.1 6379\nreplicaof-typo 127.0.0.1 6380\n");
    QVERIFY(w);
    const int row = rowWithCode(w->problems(), QStringLiteral("unknown-directive"));
    QVERIFY(row >= 0);
    QCOMPARE(w->problems()->diagnostic(row).fix, QStringLiteral("replicaof"));
    QCOMPARE(rowWithCode(w->problems(), QStringLiteral("repeated-directive")), -1);

    ProblemsView *view = w->problemsView();
    QAction *fix = view->quickFixAction();
    view->setCurrentIndex(view->model()->index(row, 0));
    QVERIFY(!fix->isEnabled());
    QVERIFY2(fix->text().contains(QStringLiteral("adds a problem")), qPrintable(fix->text()));
    QVERIFY2(fix->toolTip().contains(QStringLiteral("set again")), qPrintable(fix->toolTip()));
    fix->trigger();
    view->applyQuickFix();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("replicaof-typo 127.0.0.1 6380"));
    QVERIFY(!w->isWindowModified());

    // Without the other line the same fix is offered and leaves no new finding.
    replaceLine(w->editor(), 2, QStringLiteral("# replicaof 10.0.0.1 6379"));
    w->editor()->validateNow();
    const int again = rowWithCode(w->problems(), QStringLiteral("unknown-directive"));
    QVERIFY(again >= 0);
    view->setCurrentIndex(view->model()->index(again, 0));
    QVERIFY(fix->isEnabled());
    fix->trigger();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("replicaof 127.0.0.1 6380"));
    QCOMPARE(w->problems()->rowCount(), 0);
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

void TestConfigEditor::findSearchesAsYouTypeAndWraps()
{
    ConfigEditorWindow *w = openDistributionConf();
    QVERIFY(w);
    ConfigEditor *editor = w->editor();
    QVERIFY(hasWavyUnderline(editor));  // the injected error
    QTest::keyClick(editor, Qt::Key_F, Qt::ControlModifier);
    auto *bar = w->findChild<QWidget *>(QStringLiteral("findBar"));
    auto *findEdit = w->findChild<QLineEdit *>(QStringLiteral("findEdit"));
    auto *status = w->findChild<QLabel *>(QStringLiteral("findStatusLabel"));
    QVERIFY(bar && findEdit && status);
    QVERIFY(bar->isVisible());
    QTRY_VERIFY(findEdit->hasFocus());
    QVERIFY(!w->findChild<QLineEdit *>(QStringLiteral("replaceEdit"))->isVisible());

    QTest::keyClicks(findEdit, QStringLiteral("replicaof"));
    const QList<int> at = occurrences(editor->toPlainText(),
                                      QRegularExpression(QStringLiteral("replicaof"),
                                                         QRegularExpression::CaseInsensitiveOption));
    QVERIFY2(at.size() > 2, qPrintable(QString::number(at.size())));
    QCOMPARE(status->text(), QStringLiteral("1 of %1").arg(at.size()));
    QCOMPARE(editor->textCursor().selectionStart(), at.first());
    QCOMPARE(editor->textCursor().selectedText().toLower(), QStringLiteral("replicaof"));
    // Every match is highlighted, and the diagnostics' underlines are still there.
    QCOMPARE(highlightCount(editor, 9), at.size());
    QVERIFY(hasWavyUnderline(editor));

    // Enter = next, Shift+Enter = previous, wrapping before the first.
    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(editor->textCursor().selectionStart(), at.at(1));
    QCOMPARE(status->text(), QStringLiteral("2 of %1").arg(at.size()));
    QTest::keyClick(findEdit, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(editor->textCursor().selectionStart(), at.at(0));
    QTest::keyClick(findEdit, Qt::Key_Enter, Qt::ShiftModifier);
    QCOMPARE(editor->textCursor().selectionStart(), at.last());
    QVERIFY2(status->text().contains(QLatin1String("wrapped")), qPrintable(status->text()));

    // Options search again at once.
    auto *matchCase = w->findChild<QCheckBox *>(QStringLiteral("findCaseCheck"));
    QVERIFY(matchCase);
    findEdit->selectAll();
    QTest::keyClicks(findEdit, QStringLiteral("REPLICAOF"));
    QCOMPARE(status->text().section(QLatin1Char(' '), 1), QStringLiteral("of %1").arg(at.size()));
    matchCase->click();
    const qsizetype upper = occurrences(editor->toPlainText(), QRegularExpression(QStringLiteral("REPLICAOF"))).size();
    QVERIFY(upper > 0 && upper < at.size());  // the comments name the command in capitals
    QCOMPARE(status->text().section(QLatin1Char(' '), 1), QStringLiteral("of %1").arg(upper));
    QCOMPARE(highlightCount(editor, 9), upper);
    QTest::keyClick(findEdit, Qt::Key_Backspace);
    QTest::keyClicks(findEdit, QStringLiteral("f"));
    QCOMPARE(status->text(), QStringLiteral("No matches"));
    QCOMPARE(highlightCount(editor, 9), 0);
    matchCase->click();
    findEdit->selectAll();
    QTest::keyClicks(findEdit, QStringLiteral("replicaof"));
    QCOMPARE(editor->textCursor().selectionStart(), at.last());  // typing searches from where it was

    // Escape closes the bar, drops the highlights (not the underlines), focuses the text.
    QTest::keyClick(findEdit, Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QTRY_VERIFY(editor->hasFocus());
    QCOMPARE(highlightCount(editor, 9), 0);
    QVERIFY(hasWavyUnderline(editor));

    // F3 / Shift+F3 go on with the last search while the bar is closed, wrapping.
    QTest::keyClick(editor, Qt::Key_F3);
    QCOMPARE(editor->textCursor().selectionStart(), at.first());
    QVERIFY2(w->statusBar()->currentMessage().contains(QLatin1String("wrapped")),
             qPrintable(w->statusBar()->currentMessage()));
    for (int i = 1; i < at.size(); ++i) {
        QTest::keyClick(editor, Qt::Key_F3);
        QCOMPARE(editor->textCursor().selectionStart(), at.at(i));
    }
    QTest::keyClick(editor, Qt::Key_F3);
    QCOMPARE(editor->textCursor().selectionStart(), at.first());
    QTest::keyClick(editor, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(editor->textCursor().selectionStart(), at.last());
    QVERIFY(!bar->isVisible());
    QVERIFY(!editor->document()->isModified());
}

void TestConfigEditor::replaceAllIsOneUndoStep()
{
    QByteArray original;
    ConfigEditorWindow *w = openDistributionConf(&original);
    QVERIFY(w);
    ConfigEditor *editor = w->editor();
    QCOMPARE(editor->fileBytes(), original);
    QTest::keyClick(editor, Qt::Key_H, Qt::ControlModifier);
    auto *findEdit = w->findChild<QLineEdit *>(QStringLiteral("findEdit"));
    auto *replaceEdit = w->findChild<QLineEdit *>(QStringLiteral("replaceEdit"));
    auto *status = w->findChild<QLabel *>(QStringLiteral("findStatusLabel"));
    QVERIFY(findEdit && replaceEdit && status);
    QVERIFY(replaceEdit->isVisible());
    QTRY_VERIFY(findEdit->hasFocus());

    // Whole words: "save" but not "rdb-save-incremental-fsync" or "saves".
    QTest::keyClicks(findEdit, QStringLiteral("save"));
    w->findChild<QCheckBox *>(QStringLiteral("findWholeWordCheck"))->click();
    const QRegularExpression word(QStringLiteral("(?<![\\w-])save(?![\\w-])"),
                                  QRegularExpression::CaseInsensitiveOption);
    const QString before = editor->toPlainText();
    const int count = int(occurrences(before, word).size());
    QVERIFY2(count > 5, qPrintable(QString::number(count)));
    QVERIFY(occurrences(before, QRegularExpression(QStringLiteral("save"), QRegularExpression::CaseInsensitiveOption)).size()
            > count);
    QCOMPARE(status->text(), QStringLiteral("1 of %1").arg(count));
    QTest::keyClicks(replaceEdit, QStringLiteral("snapshot"));

    QTest::mouseClick(w->findChild<QPushButton *>(QStringLiteral("replaceAllButton")), Qt::LeftButton);
    QCOMPARE(status->text(), QStringLiteral("Replaced %1 occurrences").arg(count));
    QString expected = before;
    expected.replace(word, QStringLiteral("snapshot"));
    QCOMPARE(editor->toPlainText(), expected);
    // Nothing else moved: the file is the original bytes with exactly those words changed.
    QCOMPARE(editor->fileBytes(), QString::fromUtf8(original).replace(word, QStringLiteral("snapshot")).toUtf8());
    QVERIFY(editor->document()->isModified());

    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier);  // one undo
    QCOMPARE(editor->toPlainText(), before);
    QCOMPARE(editor->fileBytes(), original);
    QVERIFY(!editor->document()->isModified());

    // Replace: the current match, then on to the next one.
    editor->moveCursor(QTextCursor::Start);
    QTest::keyClick(editor, Qt::Key_F3);
    const int first = editor->textCursor().selectionStart();
    QCOMPARE(first, occurrences(before, word).first());
    QTest::mouseClick(w->findChild<QPushButton *>(QStringLiteral("replaceButton")), Qt::LeftButton);
    QCOMPARE(editor->toPlainText().mid(first, 8), QStringLiteral("snapshot"));
    QCOMPARE(editor->textCursor().selectedText().toLower(), QStringLiteral("save"));
    QCOMPARE(status->text(), QStringLiteral("1 of %1").arg(count - 1));
    QCOMPARE(occurrences(editor->toPlainText(), word).size(), count - 1);
}

void TestConfigEditor::goToLine()
{
    ConfigEditorWindow *w = openDistributionConf();
    QVERIFY(w);
    ConfigEditor *editor = w->editor();
    QVERIFY(editor->blockCount() > 2000);
    QTest::keyClick(editor, Qt::Key_G, Qt::ControlModifier);
    auto *edit = w->findChild<QLineEdit *>(QStringLiteral("goToLineEdit"));
    QVERIFY(edit);
    QVERIFY(edit->isVisible());
    QTRY_VERIFY(edit->hasFocus());
    QTest::keyClicks(edit, QStringLiteral("100"));
    QCOMPARE(edit->text(), QStringLiteral("100"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(editor->textCursor().blockNumber(), 99);
    QVERIFY(!edit->isVisible());
    QTRY_VERIFY(editor->hasFocus());
    // Centered: the line sits in the middle of the view, not at its edge.
    const int middle = editor->viewport()->height() / 2;
    QVERIFY2(qAbs(editor->cursorRect().center().y() - middle) < 2 * editor->fontMetrics().height(),
             qPrintable(QStringLiteral("%1 vs %2").arg(editor->cursorRect().center().y()).arg(middle)));

    // Out of range: refused (the validator stops the digits, Enter keeps the bar open).
    QTest::keyClick(editor, Qt::Key_G, Qt::ControlModifier);
    QTRY_VERIFY(edit->hasFocus());
    QCOMPARE(edit->text(), QStringLiteral("100"));  // where the cursor is, selected
    QTest::keyClicks(edit, QStringLiteral("99999"));
    QCOMPARE(edit->text(), QStringLiteral("9999"));  // no more digits than the last line has
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(edit->isVisible());
    QCOMPARE(editor->textCursor().blockNumber(), 99);
    edit->setText(QStringLiteral("0"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(edit->isVisible());
    QCOMPARE(editor->textCursor().blockNumber(), 99);
    QTest::keyClick(edit, Qt::Key_Escape);
    QVERIFY(!edit->isVisible());
    QTRY_VERIFY(editor->hasFocus());
    QCOMPARE(editor->textCursor().blockNumber(), 99);
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

    // The find and replace bar over the distribution file, at a laptop's window size.
    QApplication::setPalette(QPalette());
    w->resize(1280, 800);
    w->findChild<QAction *>(QStringLiteral("replaceAction"))->trigger();
    QTest::keyClicks(w->findChild<QLineEdit *>(QStringLiteral("findEdit")), QStringLiteral("replicaof"));
    QTest::keyClicks(w->findChild<QLineEdit *>(QStringLiteral("replaceEdit")), QStringLiteral("slaveof"));
    QTest::keyClick(w->findChild<QLineEdit *>(QStringLiteral("findEdit")), Qt::Key_Return);
    QTest::qWait(50);
    GuiTest::screenshot(w, QStringLiteral("configeditor-find"));
    QApplication::setPalette(TestPalette::dark());
    QTest::qWait(50);
    GuiTest::screenshot(w, QStringLiteral("configeditor-find-dark"));
}

TANDEM_TEST_MAIN(TestConfigEditor)
#include "tst_configeditor.moc"
