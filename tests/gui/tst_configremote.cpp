// A redis.conf opened over SSH (a real sshd on loopback, so the "remote" file is local):
// an unknown host key is asked about, the problems show, a quick fix repairs the typo, and
// Apply replaces the file on the server and leaves a backup of the previous one.
#include "GuiTestHelpers.h"
#include "ProblemsTestHelpers.h"
#include "SshServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigApplyDialog.h"
#include "config/ConfigEditor.h"
#include "config/ConfigEditorWindow.h"
#include "config/NodeConfigOpener.h"
#include "config/ProblemsModel.h"
#include "config/ProblemsView.h"
#include "ops/PlanStepsView.h"
#include "ops/RemoteConfigPlanner.h"
#include "ssh/SshSessionPool.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

#include <unistd.h>

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

using GuiTest::rowWithCode;

} // namespace

class TestConfigRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void openFixApply();
    void changedHostKeyIsRefused();

private:
    SshOptions options() const;

    SshServer m_sshd;
    QTemporaryDir m_dir;
};

void TestConfigRemote::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    qputenv("TANDEM_DATA_DIR", m_dir.filePath(QStringLiteral("data")).toUtf8());
    if (TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server")).isEmpty()
        || TestEnv::requireBinary(QStringLiteral("ssh-keygen"), QStringLiteral("openssh-client")).isEmpty())
        return;
    QVERIFY2(::geteuid() == 0, "sshd runs as root in these tests");
    m_sshd.setPort(TestEnv::freePort());
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.errorString()));
}

SshOptions TestConfigRemote::options() const
{
    return m_sshd.clientOptions(m_dir.filePath(QStringLiteral("known_hosts")));  // empty: the key is unknown
}

void TestConfigRemote::openFixApply()
{
    const QString path = TestEnv::writeFile(m_dir.filePath(QStringLiteral("redis.conf")),
                                            "# on the server\nport 6379\nmaxmemory-polcy allkeys-lru\n");
    QVERIFY(!path.isEmpty());
    QWidget host;
    SshSessionPool pool;
    NodeConfigOpener opener(&pool, nullptr, &host);
    QString askedFingerprint;
    opener.setHostKeyPrompt([&](const QString &, const QString &, const QString &fingerprint,
                                std::function<void(bool)> answer) {
        askedFingerprint = fingerprint;
        answer(true);
    });
    QSignalSpy opened(&opener, &NodeConfigOpener::editorOpened);
    QSignalSpy failed(&opener, &NodeConfigOpener::failed);
    opener.openRemote(QString(), options(), path);
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(askedFingerprint, m_sshd.hostKeyFingerprint());
    QPointer<ConfigEditorWindow> w = opened.first().first().value<ConfigEditorWindow *>();
    QVERIFY(w);

    const QString target = QStringLiteral("root@127.0.0.1:%1").arg(m_sshd.port());
    QCOMPARE(w->sourceText(), QStringLiteral("ssh %1:%2").arg(target, path));
    QCOMPARE(w->windowTitle(), QStringLiteral("redis.conf[*] — ssh %1:%2").arg(target, path));
    QVERIFY(!w->editor()->validatorOptions().followIncludes);
    QCOMPARE(w->editor()->toPlainText(), QString::fromUtf8(readAll(path)));

    // The typo is an error redis-server would refuse; the quick fix renames it.
    const int row = rowWithCode(w->problems(), QStringLiteral("unknown-directive"));
    QVERIFY(row >= 0);
    QCOMPARE(w->problems()->diagnostic(row).fix, QStringLiteral("maxmemory-policy"));
    w->problemsView()->setCurrentIndex(w->problems()->index(row, 0));
    w->problemsView()->quickFixAction()->trigger();
    QCOMPARE(w->editor()->document()->findBlockByNumber(2).text(), QStringLiteral("maxmemory-policy allkeys-lru"));
    QCOMPARE(w->editor()->countOf(ConfigDiagnostic::Severity::Error), 0);

    w->findChild<QAction *>(QStringLiteral("applyConfigAction"))->trigger();
    ConfigApplyDialog *dialog = w->applyDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewReady());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("backupNote"))->text().contains(QStringLiteral("backup")));
    auto *restart = dialog->findChild<QCheckBox *>(QStringLiteral("restartCheck"));
    QVERIFY(restart && !restart->isChecked());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("restartCommandEdit"))->text(),
             RemoteConfigOptions::defaultRestartCommand());
    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("applyDiffTable"));
    // The rename: the misspelt line goes, maxmemory-policy comes (it ran with its default).
    QCOMPARE(table->rowCount(), 2);
    QStringList names = {table->item(0, 0)->text(), table->item(1, 0)->text()};
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("maxmemory-polcy"), QStringLiteral("maxmemory-policy")}));
    // The plan as promote shows one: write the file, no restart, no node to check.
    auto *view = dialog->findChild<PlanStepsView *>(QStringLiteral("applyPlanView"));
    QVERIFY(view && view->isVisible());
    QCOMPARE(view->topLevelItemCount(), 1);
    QVERIFY(view->topLevelItem(0)->text(PlanStepsView::StepColumn).startsWith(QStringLiteral("Write %1").arg(path)));
    restart->setChecked(true);
    QCOMPARE(view->topLevelItemCount(), 2);  // the restart step comes and goes with the box
    restart->setChecked(false);
    QCOMPARE(view->topLevelItemCount(), 1);
    QCOMPARE(dialog->plan().operation, QStringLiteral("config-ssh"));
    QVERIFY(dialog->applyButton()->isEnabled());
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 30000);
    const QString result = dialog->findChild<QLabel *>(QStringLiteral("applyResultLabel"))->text();
    QVERIFY2(dialog->outcome().changed, qPrintable(result));

    QCOMPARE(readAll(path), QByteArray("# on the server\nport 6379\nmaxmemory-policy allkeys-lru\n"));
    const QStringList backups = QDir(m_dir.path()).entryList({QStringLiteral("redis.conf.tandem-backup-*")});
    QCOMPARE(backups.size(), 1);
    QCOMPARE(readAll(m_dir.filePath(backups.first())), QByteArray("# on the server\nport 6379\nmaxmemory-polcy allkeys-lru\n"));
    QVERIFY2(result.contains(backups.first()), qPrintable(result));
    QCOMPARE(view->statusText(0), QStringLiteral("done"));
    // Audited like every operation, with the backup path in the step's details.
    const QByteArray audit = readAll(m_dir.filePath(QStringLiteral("data/audit.jsonl")));
    QVERIFY2(audit.contains("\"write-file\"") && audit.contains(backups.first().toUtf8()), audit.constData());
    QVERIFY(!w->isWindowModified());
    dialog->close();
    w->editor()->document()->setModified(false);
    delete w;
}

void TestConfigRemote::changedHostKeyIsRefused()
{
    const QString path = TestEnv::writeFile(m_dir.filePath(QStringLiteral("other.conf")), "port 6379\n");
    QWidget host;
    SshSessionPool pool;
    NodeConfigOpener opener(&pool, nullptr, &host);
    SshOptions ssh = options();
    // known_hosts names another key for this host: a changed key, never accepted.
    const QString otherKey = m_dir.filePath(QStringLiteral("other_host_key"));
    QCOMPARE(TestEnv::run(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                         QStringLiteral("-N"), QString(), QStringLiteral("-f"), otherKey}), 0);
    const QList<QByteArray> pub = readAll(otherKey + QStringLiteral(".pub")).split(' ');
    QVERIFY(pub.size() >= 2);
    ssh.knownHostsFile = TestEnv::writeFile(m_dir.filePath(QStringLiteral("known_hosts_wrong")),
                                            "[127.0.0.1]:" + QByteArray::number(m_sshd.port()) + ' ' + pub.at(0)
                                                + ' ' + pub.at(1) + '\n');
    bool asked = false;
    opener.setHostKeyPrompt([&asked](const QString &, const QString &, const QString &, std::function<void(bool)> a) {
        asked = true;
        a(true);
    });
    QSignalSpy opened(&opener, &NodeConfigOpener::editorOpened);
    QSignalSpy failed(&opener, &NodeConfigOpener::failed);
    opener.openRemote(QString(), ssh, path);
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, 20000);
    QVERIFY(opened.isEmpty());
    const QString why = failed.first().first().toString();
    QVERIFY2(why.contains(QStringLiteral("host key")) && why.contains(QStringLiteral("changed")), qPrintable(why));
    QVERIFY(!asked);
}

TANDEM_TEST_MAIN(TestConfigRemote)
#include "tst_configremote.moc"
