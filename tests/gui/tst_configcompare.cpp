// Comparing two redis.conf files: only settings that really differ are listed (aliases and
// unit spellings fold), secrets are masked in the table, the text panes and the copied text,
// and picking a row brings both panes to that directive's line.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "TestRegistry.h"

#include "config/ConfigCompareDialog.h"
#include "config/ConfigDocument.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QTextBlock>

namespace {

const char *const kLeftSecret = "leftPa55word";
const char *const kRightSecret = "rightPa55word";

// Enough filler that the panes scroll, with the interesting lines far apart.
QByteArray filler(const char *tag, int lines)
{
    QByteArray out;
    for (int i = 0; i < lines; ++i)
        out += QByteArray("# ") + tag + " comment line " + QByteArray::number(i) + '\n';
    return out;
}

ConfigDocument leftDoc()
{
    return ConfigDocument::parse(filler("left", 10) + "port 6379\n" + filler("left", 40)
                                 + "requirepass " + kLeftSecret + "\n" + "slaveof 10.0.0.1 6379\n"
                                 + "maxmemory 1gb\n" + filler("left", 40) + "user app on >" + kLeftSecret
                                 + " ~* +@all\n");
}

ConfigDocument rightDoc()
{
    return ConfigDocument::parse(QByteArray("port 6380\n") + filler("right", 70) + "replicaof 10.0.0.1 6379\n"
                                 + "maxmemory 1024mb\n" + "requirepass " + kRightSecret + "\n"
                                 + "appendonly yes\n" + "protected-mode yes\n" + filler("right", 60)
                                 + "user app on >" + kRightSecret + " ~* +@all\n");
}

int rowOf(const QAbstractItemModel *model, const QString &directive)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (GuiTest::cell(model, row, 0) == directive)
            return row;
    }
    return -1;
}

bool lineVisible(QPlainTextEdit *pane, int line)
{
    const QRect r = pane->cursorRect(QTextCursor(pane->document()->findBlockByNumber(line - 1)));
    return r.top() >= 0 && r.bottom() <= pane->viewport()->height();
}

} // namespace

class TestConfigCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsOnlyRealDifferences();
    void secretsStayMasked();
    void rowScrollsBothPanes();
    void panesScrollTogether();
    void highlightsDifferingLines();
    void screenshots();

private:
    QPointer<ConfigCompareDialog> m_dialog;
    QTableView *m_table = nullptr;
    QPlainTextEdit *m_left = nullptr;
    QPlainTextEdit *m_right = nullptr;
};

void TestConfigCompare::init()
{
    QApplication::setPalette(QPalette());
    m_dialog = new ConfigCompareDialog;
    m_dialog->setDocuments(QStringLiteral("node-a.conf"), leftDoc(), QStringLiteral("node-b.conf"), rightDoc());
    m_dialog->resize(1000, 600);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog));
    m_table = m_dialog->findChild<QTableView *>(QStringLiteral("compareTable"));
    m_left = m_dialog->findChild<QPlainTextEdit *>(QStringLiteral("compareLeft"));
    m_right = m_dialog->findChild<QPlainTextEdit *>(QStringLiteral("compareRight"));
    QVERIFY(m_table && m_left && m_right);
}

void TestConfigCompare::cleanup()
{
    delete m_dialog;
}

void TestConfigCompare::listsOnlyRealDifferences()
{
    QAbstractItemModelTester tester(m_table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // port, requirepass, appendonly (no vs yes), user (the ACL password differs);
    // slaveof = replicaof, 1gb = 1024mb and protected-mode yes (the default) are no difference.
    QCOMPARE(m_dialog->differenceCount(), 4);
    QCOMPARE(m_table->model()->rowCount(), 4);
    QVERIFY(rowOf(m_table->model(), QStringLiteral("port")) >= 0);
    QVERIFY(rowOf(m_table->model(), QStringLiteral("requirepass")) >= 0);
    QVERIFY(rowOf(m_table->model(), QStringLiteral("user")) >= 0);
    const int aof = rowOf(m_table->model(), QStringLiteral("appendonly"));
    QVERIFY(aof >= 0);
    QCOMPARE(GuiTest::cell(m_table->model(), aof, 1), QStringLiteral("(default: no)"));
    QCOMPARE(GuiTest::cell(m_table->model(), aof, 2), QStringLiteral("yes"));
    const int port = rowOf(m_table->model(), QStringLiteral("port"));
    QCOMPARE(GuiTest::cell(m_table->model(), port, 1), QStringLiteral("6379"));
    QCOMPARE(GuiTest::cell(m_table->model(), port, 2), QStringLiteral("6380"));
    QCOMPARE(m_table->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("node-a.conf"));
    QCOMPARE(m_dialog->findChild<QLabel *>(QStringLiteral("compareLeftTitle"))->text(), QStringLiteral("node-a.conf"));
    QCOMPARE(m_dialog->findChild<QLabel *>(QStringLiteral("compareSummary"))->text(), QStringLiteral("4 settings differ."));

    // "Show defaults" adds protected-mode, written on one side only.
    m_dialog->findChild<QCheckBox *>(QStringLiteral("compareShowDefaults"))->click();
    QCOMPARE(m_dialog->differenceCount(), 5);
    QVERIFY(rowOf(m_table->model(), QStringLiteral("protected-mode")) >= 0);
    m_dialog->findChild<QCheckBox *>(QStringLiteral("compareShowDefaults"))->click();
    QCOMPARE(m_dialog->differenceCount(), 4);
}

void TestConfigCompare::secretsStayMasked()
{
    m_dialog->findChild<QPushButton *>(QStringLiteral("compareCopy"))->click();
    QStringList seen = {m_left->toPlainText(), m_right->toPlainText(), m_dialog->windowTitle(),
                        QApplication::clipboard()->text(), m_dialog->differencesText()};
    for (QLabel *label : m_dialog->findChildren<QLabel *>())
        seen.append(label->text());
    for (int row = 0; row < m_table->model()->rowCount(); ++row) {
        for (int column = 0; column < m_table->model()->columnCount(); ++column) {
            seen.append(GuiTest::cell(m_table->model(), row, column));
            seen.append(m_table->model()->index(row, column).data(Qt::ToolTipRole).toString());
        }
    }
    for (const QString &text : std::as_const(seen)) {
        // QVERIFY without the text: the test output must not carry a secret either.
        QVERIFY(!text.contains(QLatin1String(kLeftSecret)));
        QVERIFY(!text.contains(QLatin1String(kRightSecret)));
    }
    const int pass = rowOf(m_table->model(), QStringLiteral("requirepass"));
    QCOMPARE(GuiTest::cell(m_table->model(), pass, 1), QStringLiteral("<hidden>"));
    // The panes keep the lines (and line numbers) but not the values.
    QCOMPARE(m_left->document()->blockCount(), leftDoc().lines().size());
    QVERIFY(m_left->toPlainText().contains(QStringLiteral("\nrequirepass <hidden>\n")));
    QVERIFY(m_right->toPlainText().contains(QStringLiteral("\nuser app on ><hidden> ~* +@all")));
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("Setting\tnode-a.conf\tnode-b.conf\n")));
}

void TestConfigCompare::rowScrollsBothPanes()
{
    const int pass = rowOf(m_table->model(), QStringLiteral("requirepass"));
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {},
                      m_table->visualRect(m_table->model()->index(pass, 0)).center());
    // requirepass: line 52 on the left, line 74 on the right.
    QCOMPARE(m_left->textCursor().blockNumber(), 51);
    QCOMPARE(m_right->textCursor().blockNumber(), 73);
    QVERIFY(lineVisible(m_left, 52));
    QVERIFY(lineVisible(m_right, 74));
    QVERIFY(m_left->verticalScrollBar()->value() > 0);

    const int port = rowOf(m_table->model(), QStringLiteral("port"));
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {},
                      m_table->visualRect(m_table->model()->index(port, 0)).center());
    QCOMPARE(m_left->textCursor().blockNumber(), 10);
    QCOMPARE(m_right->textCursor().blockNumber(), 0);
    QVERIFY(lineVisible(m_left, 11));
    QVERIFY(lineVisible(m_right, 1));
}

void TestConfigCompare::panesScrollTogether()
{
    QScrollBar *left = m_left->verticalScrollBar();
    QScrollBar *right = m_right->verticalScrollBar();
    QVERIFY(left->maximum() > 0 && right->maximum() > 0);
    left->setValue(left->maximum());
    QCOMPARE(right->value(), right->maximum());
    left->setValue(left->maximum() / 2);
    QVERIFY(qAbs(right->value() - right->maximum() / 2) <= 1);
    right->setValue(0);
    QCOMPARE(left->value(), 0);
}

void TestConfigCompare::highlightsDifferingLines()
{
    // port, requirepass and user on the left (appendonly is absent there).
    QCOMPARE(m_left->extraSelections().size(), 3);
    // port, requirepass, appendonly, user on the right.
    QCOMPARE(m_right->extraSelections().size(), 4);
    const QColor base = m_left->palette().color(QPalette::Base);
    for (const QTextEdit::ExtraSelection &s : m_left->extraSelections()) {
        QVERIFY(s.format.background().color() != base);
        QVERIFY(s.format.property(QTextFormat::FullWidthSelection).toBool());
    }
    // In a dark theme the tint stays dark enough for light text.
    QApplication::setPalette(TestPalette::dark());
    QTRY_VERIFY(!m_left->extraSelections().isEmpty()
                && m_left->extraSelections().first().format.background().color().lightnessF() < 0.4);
}

void TestConfigCompare::screenshots()
{
    const int pass = rowOf(m_table->model(), QStringLiteral("requirepass"));
    m_table->selectRow(pass);
    QTest::qWait(50);
    GuiTest::screenshot(m_dialog, QStringLiteral("configcompare-light"));
    QApplication::setPalette(TestPalette::dark());
    QTest::qWait(50);
    GuiTest::screenshot(m_dialog, QStringLiteral("configcompare-dark"));
    QCOMPARE(m_left->textCursor().blockNumber(), 51);
}

TANDEM_TEST_MAIN(TestConfigCompare)
#include "tst_configcompare.moc"
