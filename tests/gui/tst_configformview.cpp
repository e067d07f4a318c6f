// The config form over the editor's text: it shows what the text says (aliases folded,
// defaults as placeholders), an edit rewrites exactly the line concerned as one undo step,
// clearing a field removes the directive, invalid input is flagged in the field and never
// reaches the text, and the form follows edits made in the text.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "TestRegistry.h"

#include "config/ConfigEditor.h"
#include "config/ConfigFormView.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

namespace {

const QByteArray kConf = "# Tandem test node\n"
                         "# bind 127.0.0.1\n"
                         "bind 127.0.0.1 -::1\n"
                         "\n"
                         "# The port.\n"
                         "port    6380\n"
                         "requirepass \"s3cret pass\"\n"
                         "# maxmemory <bytes>\n"
                         "maxmemory 2gb\n"
                         "maxmemory-policy allkeys-lru\n"
                         "slaveof 10.0.0.1 6379\n"
                         "save 3600 1\n"
                         "save 300 100\n"
                         "# appendonly no\n";

} // namespace

class TestConfigFormView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheFilesValues();
    void portEditChangesOneLineAndUndoes();
    void clearingRemovesTheDirective();
    void invalidInputLeavesTextAlone();
    void followsTextEdits();
    void aliasesAndNewDirectives();
    void everyFieldHasALabel();
    void screenshots();

private:
    template<class T>
    T *field(const QString &name)
    {
        return m_host ? m_host->findChild<T *>(name) : nullptr;
    }
    // Types `text` into a line edit and presses Return, as a user finishing an edit.
    void enter(const QString &name, const QString &text);

    QPointer<QWidget> m_host;
    ConfigEditor *m_editor = nullptr;
    ConfigFormView *m_form = nullptr;
};

void TestConfigFormView::init()
{
    QApplication::setPalette(QPalette());
    m_host = new QWidget;
    auto *layout = new QHBoxLayout(m_host);
    m_editor = new ConfigEditor(m_host);
    m_editor->loadBytes(kConf);
    m_form = new ConfigFormView(m_editor, m_host);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_form, 1);
    m_host->resize(1100, 800);
    m_host->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_host));
}

void TestConfigFormView::cleanup()
{
    delete m_host;
}

void TestConfigFormView::enter(const QString &name, const QString &text)
{
    auto *edit = field<QLineEdit>(name);
    QVERIFY2(edit, qPrintable(name));
    edit->setFocus();
    GuiTest::typeInto(m_host, name, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

void TestConfigFormView::showsTheFilesValues()
{
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_bind"))->text(), QStringLiteral("127.0.0.1 -::1"));
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_port"))->text(), QStringLiteral("6380"));
    // slaveof is the old name of replicaof.
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_replicaof_host"))->text(), QStringLiteral("10.0.0.1"));
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_replicaof_port"))->text(), QStringLiteral("6379"));
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_maxmemory"))->text(), QStringLiteral("2"));
    QCOMPARE(field<QComboBox>(QStringLiteral("form_maxmemory_unit"))->currentData().toByteArray(), QByteArray("gb"));
    QCOMPARE(field<QComboBox>(QStringLiteral("form_maxmemory-policy"))->currentText(), QStringLiteral("allkeys-lru"));
    // Two save lines add up.
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_save"))->text(), QStringLiteral("3600 1 300 100"));

    // The password is there but hidden until asked for.
    auto *pass = field<QLineEdit>(QStringLiteral("form_requirepass"));
    QCOMPARE(pass->echoMode(), QLineEdit::Password);
    QVERIFY(pass->text() == QStringLiteral("s3cret pass"));
    field<QToolButton>(QStringLiteral("form_requirepass_show"))->click();
    QCOMPARE(pass->echoMode(), QLineEdit::Normal);

    // Absent settings show their default, greyed.
    auto *keepalive = field<QLineEdit>(QStringLiteral("form_tcp-keepalive"));
    QVERIFY(keepalive->text().isEmpty());
    QVERIFY2(keepalive->placeholderText().contains(QStringLiteral("300")), qPrintable(keepalive->placeholderText()));
    auto *aof = field<QComboBox>(QStringLiteral("form_appendonly"));
    QCOMPARE(aof->currentIndex(), 0);
    QCOMPARE(aof->currentText(), QStringLiteral("Default (no)"));
    QVERIFY(aof->font().italic());
    QVERIFY(field<QLineEdit>(QStringLiteral("form_masterauth"))->text().isEmpty());
}

void TestConfigFormView::portEditChangesOneLineAndUndoes()
{
    // The user's cursor sits on the last line; the form edit must not move it.
    QTextCursor c(m_editor->document()->findBlockByNumber(12));
    c.movePosition(QTextCursor::EndOfBlock);
    m_editor->setTextCursor(c);
    enter(QStringLiteral("form_port"), QStringLiteral("6390"));

    QByteArray expected = kConf;
    expected.replace("port    6380\n", "port 6390\n");
    QCOMPARE(m_editor->fileBytes(), expected);
    QCOMPARE(m_editor->textCursor().blockNumber(), 12);
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_port"))->text(), QStringLiteral("6390"));

    // Ctrl+Z in the text view reverts the whole form edit in one step.
    m_editor->setFocus();
    QTest::keyClick(m_editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_editor->fileBytes(), kConf);
    QVERIFY(!m_editor->document()->isUndoAvailable());
    QTRY_COMPARE(field<QLineEdit>(QStringLiteral("form_port"))->text(), QStringLiteral("6380"));

    // Pressing Return on an unchanged field leaves the user's spacing alone.
    enter(QStringLiteral("form_port"), QStringLiteral("6380"));
    QCOMPARE(m_editor->fileBytes(), kConf);
}

void TestConfigFormView::clearingRemovesTheDirective()
{
    enter(QStringLiteral("form_requirepass"), QString());
    QVERIFY(!m_editor->toPlainText().contains(QStringLiteral("requirepass")));
    QByteArray expected = kConf;
    expected.replace("requirepass \"s3cret pass\"\n", "");
    QCOMPARE(m_editor->fileBytes(), expected);
    auto *pass = field<QLineEdit>(QStringLiteral("form_requirepass"));
    QVERIFY(pass->text().isEmpty());
    QCOMPARE(pass->placeholderText(), QStringLiteral("not set"));

    // A choice back to "Default" removes the line too.
    auto *policy = field<QComboBox>(QStringLiteral("form_maxmemory-policy"));
    policy->setFocus();
    policy->setCurrentIndex(0);
    Q_EMIT policy->activated(0);
    QVERIFY(!m_editor->toPlainText().contains(QStringLiteral("maxmemory-policy allkeys-lru")));
    QVERIFY(policy->font().italic());
}

void TestConfigFormView::invalidInputLeavesTextAlone()
{
    enter(QStringLiteral("form_port"), QStringLiteral("99999"));
    QCOMPARE(m_editor->fileBytes(), kConf);
    auto *port = field<QLineEdit>(QStringLiteral("form_port"));
    QVERIFY(!port->property("formError").toString().isEmpty());
    QVERIFY2(port->toolTip().contains(QStringLiteral("65535")), qPrintable(port->toolTip()));
    QVERIFY(!port->styleSheet().isEmpty());  // the red border
    QCOMPARE(port->text(), QStringLiteral("99999"));  // kept for the user to fix

    enter(QStringLiteral("form_maxmemory"), QStringLiteral("abc"));
    QCOMPARE(m_editor->fileBytes(), kConf);
    QVERIFY(!field<QLineEdit>(QStringLiteral("form_maxmemory"))->property("formError").toString().isEmpty());

    enter(QStringLiteral("form_save"), QStringLiteral("3600"));
    QCOMPARE(m_editor->fileBytes(), kConf);

    // Fixing the input clears the mark and writes the value.
    enter(QStringLiteral("form_port"), QStringLiteral("6400"));
    QVERIFY(port->property("formError").toString().isEmpty());
    QVERIFY(port->styleSheet().isEmpty());
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("\nport 6400\n")));
}

void TestConfigFormView::followsTextEdits()
{
    QTextCursor c(m_editor->document()->findBlockByNumber(5));
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.insertText(QStringLiteral("port 7000"));
    QTRY_COMPARE(field<QLineEdit>(QStringLiteral("form_port"))->text(), QStringLiteral("7000"));

    // A later line wins, whatever its spelling.
    m_editor->appendPlainText(QStringLiteral("replicaof 10.9.9.9 7001\nappendonly yes"));
    QTRY_COMPARE(field<QLineEdit>(QStringLiteral("form_replicaof_host"))->text(), QStringLiteral("10.9.9.9"));
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_replicaof_port"))->text(), QStringLiteral("7001"));
    auto *aof = field<QComboBox>(QStringLiteral("form_appendonly"));
    QCOMPARE(aof->currentText(), QStringLiteral("yes"));
    QVERIFY(!aof->font().italic());
}

void TestConfigFormView::aliasesAndNewDirectives()
{
    // Editing replicaof rewrites the slaveof line where it is, under its own name.
    enter(QStringLiteral("form_replicaof_host"), QStringLiteral("10.0.0.2"));
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("\nslaveof 10.0.0.2 6379\n")));
    QVERIFY(!m_editor->toPlainText().contains(QStringLiteral("replicaof")));

    // A new directive lands under its commented default.
    auto *aof = field<QComboBox>(QStringLiteral("form_appendonly"));
    aof->setCurrentIndex(aof->findText(QStringLiteral("yes")));
    Q_EMIT aof->activated(aof->currentIndex());
    QVERIFY(m_editor->toPlainText().endsWith(QStringLiteral("# appendonly no\nappendonly yes\n")));

    // Save points: one line replaces the set; "disabled" is save "".
    enter(QStringLiteral("form_save"), QStringLiteral("900 1"));
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("\nsave 900 1\n")));
    QVERIFY(!m_editor->toPlainText().contains(QStringLiteral("save 3600 1")));
    enter(QStringLiteral("form_save"), QStringLiteral("disabled"));
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("\nsave \"\"\n")));
    QCOMPARE(field<QLineEdit>(QStringLiteral("form_save"))->text(), QStringLiteral("disabled"));

    // Memory with a unit from the unit box.
    auto *unit = field<QComboBox>(QStringLiteral("form_maxmemory_unit"));
    unit->setCurrentIndex(unit->findData(QByteArray("mb")));
    Q_EMIT unit->activated(unit->currentIndex());
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("\nmaxmemory 2mb\n")));

    // A TLS file path set through the field goes in as one argument.
    enter(QStringLiteral("form_tls-cert-file"), QStringLiteral("/etc/redis/my cert.pem"));
    QVERIFY(m_editor->toPlainText().contains(QStringLiteral("tls-cert-file \"/etc/redis/my cert.pem\"")));
}

void TestConfigFormView::everyFieldHasALabel()
{
    const QStringList names = {
        QStringLiteral("form_bind"), QStringLiteral("form_port"), QStringLiteral("form_protected-mode"),
        QStringLiteral("form_requirepass"), QStringLiteral("form_masteruser"), QStringLiteral("form_masterauth"),
        QStringLiteral("form_replicaof_host"), QStringLiteral("form_replicaof_port"),
        QStringLiteral("form_replica-read-only"), QStringLiteral("form_tcp-keepalive"),
        QStringLiteral("form_maxmemory"), QStringLiteral("form_maxmemory-policy"),
        QStringLiteral("form_appendonly"), QStringLiteral("form_save"), QStringLiteral("form_tls-port"),
        QStringLiteral("form_tls-cert-file"), QStringLiteral("form_tls-key-file"),
        QStringLiteral("form_tls-ca-cert-file"), QStringLiteral("form_tls-replication"),
    };
    const QList<QLabel *> labels = m_form->findChildren<QLabel *>();
    for (const QString &name : names) {
        auto *w = m_form->findChild<QWidget *>(name);
        QVERIFY2(w, qPrintable(name));
        QVERIFY2(w->focusPolicy() & Qt::TabFocus, qPrintable(name));
        const bool labelled = std::any_of(labels.cbegin(), labels.cend(), [w](QLabel *l) { return l->buddy() == w; });
        QVERIFY2(labelled, qPrintable(name));
    }
    // Tab walks the form in reading order.
    auto *port = field<QLineEdit>(QStringLiteral("form_port"));
    port->setFocus();
    QTRY_VERIFY(port->hasFocus());
    QTest::keyClick(port, Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), field<QWidget>(QStringLiteral("form_protected-mode")));
    // Alt+P (the "Port" label's mnemonic) focuses the port field.
    QTest::keyClick(m_host, Qt::Key_P, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(port));
}

void TestConfigFormView::screenshots()
{
    field<QLineEdit>(QStringLiteral("form_maxmemory"))->clear();
    enter(QStringLiteral("form_tcp-keepalive"), QStringLiteral("x"));  // one invalid field on show
    QTest::qWait(50);
    GuiTest::screenshot(m_host, QStringLiteral("configform-light"));
    QApplication::setPalette(TestPalette::dark());
    QTest::qWait(50);
    GuiTest::screenshot(m_host, QStringLiteral("configform-dark"));
    QVERIFY(field<QLineEdit>(QStringLiteral("form_tcp-keepalive"))->property("formError").isValid());
}

TANDEM_TEST_MAIN(TestConfigFormView)
#include "tst_configformview.moc"
