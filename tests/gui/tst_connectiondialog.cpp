// ConnectionDialog on its own: validation as the user types, and the profile it builds.
#include "ConnectionDialog.h"
#include "GuiTestHelpers.h"
#include "HumanFormat.h"
#include "TestRegistry.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryFile>
#include <QTest>

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dialogValidation();
    void dialogBuildsFullProfile();
    void humanFormats();

private:
    QTemporaryFile m_pemFile;  // any existing file will do for the file checks
};

void tst_ConnectionDialog::initTestCase()
{
    QVERIFY(m_pemFile.open());
}

void tst_ConnectionDialog::dialogValidation()
{
    ConnectionDialog dialogUnderTest;
    ConnectionDialog *dialog = &dialogUnderTest;
    dialog->open();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("okButton"));
    auto *label = dialog->findChild<QLabel *>(QStringLiteral("validationLabel"));
    QVERIFY(ok && label);
    QVERIFY2(!ok->isEnabled(), "empty address");
    QCOMPARE(GuiTest::labelsShowingAmpersand(dialog), QStringList());
    QVERIFY2(!label->isVisible(), "an empty field is not an error yet");

    const QStringList bad = {QStringLiteral("localhost:notaport"), QStringLiteral("host:70000"),
                             QStringLiteral(":6379"), QStringLiteral("http://example.com:80"),
                             QStringLiteral("redis://127.0.0.1:6379/x")};
    for (const QString &text : bad) {
        GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), text);
        QVERIFY2(!ok->isEnabled(), qPrintable(text));
        QVERIFY2(label->isVisible() && !label->text().isEmpty(), qPrintable(text));
    }
    GuiTest::screenshot(dialog, QStringLiteral("dialog-invalid"));
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), QStringLiteral("127.0.0.1:6379"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!label->isVisible());

    // TLS: a client certificate without its key.
    auto *tls = dialog->findChild<QCheckBox *>(QStringLiteral("tlsEnabledCheck"));
    QVERIFY(tls);
    tls->setChecked(true);
    QVERIFY(ok->isEnabled());
    GuiTest::typeInto(dialog, QStringLiteral("tlsCertFileEdit"), m_pemFile.fileName());
    QVERIFY(!ok->isEnabled());
    GuiTest::typeInto(dialog, QStringLiteral("tlsKeyFileEdit"), m_pemFile.fileName());
    QVERIFY(ok->isEnabled());
    GuiTest::typeInto(dialog, QStringLiteral("tlsCaFileEdit"), QStringLiteral("/nonexistent/ca.pem"));
    QVERIFY(!ok->isEnabled());
    dialog->findChild<QLineEdit *>(QStringLiteral("tlsCaFileEdit"))->clear();
    QVERIFY(ok->isEnabled());
    // Insecure mode is allowed but says why it is dangerous.
    auto *tabs = dialog->findChild<QTabWidget *>(QStringLiteral("connectionTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(1);
    auto *insecure = dialog->findChild<QCheckBox *>(QStringLiteral("tlsInsecureCheck"));
    auto *warning = dialog->findChild<QLabel *>(QStringLiteral("insecureWarningLabel"));
    QVERIFY(insecure && warning);
    QVERIFY(!warning->isVisible());
    insecure->setChecked(true);
    QVERIFY(warning->isVisible());
    GuiTest::screenshot(dialog, QStringLiteral("dialog-tls-insecure"));

    // SSH: enabled needs a server; a bad port is refused.
    auto *ssh = dialog->findChild<QCheckBox *>(QStringLiteral("sshEnabledCheck"));
    QVERIFY(ssh);
    ssh->setChecked(true);
    QVERIFY(!ok->isEnabled());
    GuiTest::typeInto(dialog, QStringLiteral("sshHostEdit"), QStringLiteral("admin@bastion:99999"));
    QVERIFY(!ok->isEnabled());
    GuiTest::typeInto(dialog, QStringLiteral("sshHostEdit"), QStringLiteral("admin@bastion:2222"));
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->validationMessage()));
    tabs->setCurrentIndex(2);
    GuiTest::screenshot(dialog, QStringLiteral("dialog-ssh"));

    // Enter on a dialog with bad input does not accept it.
    GuiTest::typeInto(dialog, QStringLiteral("addressEdit"), QStringLiteral("bad:port"));
    QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("addressEdit")), Qt::Key_Return);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    dialog->reject();
}

void tst_ConnectionDialog::dialogBuildsFullProfile()
{
    ConnectionDialog dialog;
    GuiTest::typeInto(&dialog, QStringLiteral("addressEdit"), QStringLiteral("rediss://alice:pw1@10.1.2.3:6380/3"));
    auto *tls = dialog.findChild<QCheckBox *>(QStringLiteral("tlsEnabledCheck"));
    QVERIFY2(tls->isChecked(), "rediss:// turns TLS on visibly");
    GuiTest::typeInto(&dialog, QStringLiteral("tlsServerNameEdit"), QStringLiteral("redis.internal"));
    dialog.findChild<QCheckBox *>(QStringLiteral("sshEnabledCheck"))->setChecked(true);
    GuiTest::typeInto(&dialog, QStringLiteral("sshHostEdit"), QStringLiteral("ops@bastion.example:2200"));
    GuiTest::typeInto(&dialog, QStringLiteral("sshPasswordEdit"), QStringLiteral("sshpw"));
    dialog.findChild<QCheckBox *>(QStringLiteral("sshAcceptNewCheck"))->setChecked(true);
    dialog.findChild<QDoubleSpinBox *>(QStringLiteral("commandTimeoutSpin"))->setValue(2.5);
    QVERIFY2(dialog.isInputValid(), qPrintable(dialog.validationMessage()));

    const ConnectionProfile p = dialog.profile();
    QCOMPARE(p.host, QStringLiteral("10.1.2.3"));
    QCOMPARE(p.port, quint16(6380));
    QCOMPARE(p.user, QStringLiteral("alice"));
    QCOMPARE(p.password, QStringLiteral("pw1"));
    QCOMPARE(p.db, 3);
    QVERIFY(p.tls.enabled);
    QVERIFY(!p.tls.insecure);
    QCOMPARE(p.tls.serverName, QStringLiteral("redis.internal"));
    QVERIFY(p.ssh.enabled);
    QCOMPARE(p.ssh.user, QStringLiteral("ops"));
    QCOMPARE(p.ssh.host, QStringLiteral("bastion.example"));
    QCOMPARE(p.ssh.port, quint16(2200));
    QCOMPARE(p.ssh.password, QStringLiteral("sshpw"));
    QVERIFY(p.ssh.acceptNewHostKey);
    QVERIFY(p.ssh.knownHostsFile.endsWith(QLatin1String("/.ssh/known_hosts")));
    QCOMPARE(p.commandTimeoutMs, 2500);

    // Round trip through setProfile keeps everything.
    ConnectionDialog again;
    again.setProfile(p);
    QVERIFY(again.isInputValid());
    const ConnectionProfile q = again.profile();
    QCOMPARE(q.address(), p.address());
    QCOMPARE(q.password, p.password);
    QCOMPARE(q.ssh.sessionKey(), p.ssh.sessionKey());
    QCOMPARE(q.tls.serverName, p.tls.serverName);
    QCOMPARE(q.commandTimeoutMs, p.commandTimeoutMs);
}

void tst_ConnectionDialog::humanFormats()
{
    QCOMPARE(HumanFormat::duration(42), QStringLiteral("42 s"));
    QCOMPARE(HumanFormat::duration(12 * 60 + 5), QStringLiteral("12 min"));
    QCOMPARE(HumanFormat::duration(5 * 3600 + 3 * 60), QStringLiteral("5 h 3 min"));
    QCOMPARE(HumanFormat::duration(3 * 86400 + 4 * 3600 + 59), QStringLiteral("3 d 4 h"));
    QCOMPARE(HumanFormat::duration(2 * 86400), QStringLiteral("2 d"));
    QVERIFY(HumanFormat::bytes(1536 * 1024).contains(QLatin1String("1.5")));
    QVERIFY(HumanFormat::bytes(1536 * 1024).contains(QLatin1String("Mi")));
}

TANDEM_TEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
