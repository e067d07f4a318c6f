// File → Export Configs… and a node's export actions against a real password-protected group:
// the dialog reads without blocking, previews the files with passwords as placeholders (or in
// clear once Include secrets is ticked, which shows a warning and asks for a new read), saves
// exactly what it showed, and every save lands in the audit log with secrets_included.
#include "BlockingRedis.h"
#include "GuiTestHelpers.h"
#include "MainWindow.h"
#include "MainWindowTestHelpers.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"
#include "export/ExportController.h"
#include "export/ExportDialog.h"
#include "export/TarGz.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
const QString kPassword = QStringLiteral("Gui-export-Secret-0123456789abcdef");
}

class tst_ExportDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nodeMenuExportsTheRunningConfig();
    void fileMenuExportsTheGroupBundle();

private:
    std::unique_ptr<MainWindow> watch();
    static bool read(ExportDialog *dialog);
    QList<QJsonObject> exportEntries() const;

    QTemporaryDir m_dir;
    ReplicationLab m_lab;
};

void tst_ExportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    m_lab.setPassword(kPassword);
    QVERIFY2(GuiTest::startOperationsLab(m_lab, 2, false), qPrintable(m_lab.errorString()));
}

std::unique_ptr<MainWindow> tst_ExportDialog::watch()
{
    auto window = GuiTest::shownMainWindow();
    if (!window)
        return nullptr;
    window->addNode(m_lab.profile(QStringLiteral("m")));
    const bool up = QTest::qWaitFor([&] { return GuiTest::everyNodeAnswers(window->monitor()->topology(), 3); }, 15000);
    return up ? std::move(window) : nullptr;
}

bool tst_ExportDialog::read(ExportDialog *dialog)
{
    QSignalSpy done(dialog, &ExportDialog::readFinished);
    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("exportReadButton"));
    QTest::mouseClick(button, Qt::LeftButton);
    // The window stays responsive while the nodes are read.
    return done.wait(20000) && done.first().first().toBool();
}

QList<QJsonObject> tst_ExportDialog::exportEntries() const
{
    QList<QJsonObject> out;
    for (const QByteArray &line : TestEnv::readFile(m_dir.filePath(QStringLiteral("data/audit.jsonl"))).split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")).toString() == QLatin1String("export"))
            out << o;
    }
    return out;
}

void tst_ExportDialog::nodeMenuExportsTheRunningConfig()
{
    auto window = watch();
    QVERIFY(window);
    const QString replica = m_lab.address(QStringLiteral("r1"));
    window->selectNode(replica);
    auto *action = window->findChild<QAction *>(QStringLiteral("exportNodeConfigAction"));
    QVERIFY(action && window->findChild<QMenu *>(QStringLiteral("nodeContextMenu"))->actions().contains(action));
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    auto *dialog = window->findChild<ExportDialog *>(QStringLiteral("exportDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("exportNode"))->currentData().toString(), replica);
    auto *secrets = dialog->findChild<QCheckBox *>(QStringLiteral("exportIncludeSecrets"));
    auto *warning = dialog->findChild<QLabel *>(QStringLiteral("exportSecretsWarning"));
    auto *save = dialog->findChild<QPushButton *>(QStringLiteral("exportSaveButton"));
    QVERIFY(!warning->isVisible());
    QVERIFY(!save->isEnabled());  // nothing read yet

    QVERIFY(read(dialog));
    const QString preview = dialog->findChild<QPlainTextEdit *>(QStringLiteral("exportPreview"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("\nreplicaof 127.0.0.1 %1\n").arg(m_lab.port(QStringLiteral("m")))), qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("masterauth <hidden>")));
    QVERIFY(!preview.contains(kPassword));
    QTest::qWait(100);  // the status label grows on the next layout pass
    GuiTest::screenshot(dialog, QStringLiteral("export-dialog-redis-conf"));
    QVERIFY(save->isEnabled());
    const QString file = m_dir.filePath(QStringLiteral("r1.conf"));
    QVERIFY(dialog->saveTo(file));
    QCOMPARE(QString::fromUtf8(TestEnv::readFile(file)), preview);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exportStatus"))->text().contains(QStringLiteral("placeholders")));

    // Secrets: a warning, and what was read no longer counts.
    secrets->setChecked(true);
    QVERIFY(warning->isVisible());
    QVERIFY(!save->isEnabled());
    QVERIFY(read(dialog));
    QVERIFY(dialog->findChild<QPlainTextEdit *>(QStringLiteral("exportPreview"))->toPlainText().contains(kPassword));
    QVERIFY(dialog->saveTo(m_dir.filePath(QStringLiteral("r1-secrets.conf"))));

    const QList<QJsonObject> entries = exportEntries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).value(QStringLiteral("secrets_included")).toBool(), false);
    QCOMPARE(entries.at(1).value(QStringLiteral("secrets_included")).toBool(), true);
    QVERIFY(!TestEnv::readFile(m_dir.filePath(QStringLiteral("data/audit.jsonl"))).contains(kPassword.toUtf8()));
    dialog->close();
}

void tst_ExportDialog::fileMenuExportsTheGroupBundle()
{
    auto window = watch();
    QVERIFY(window);
    auto *action = window->findChild<QAction *>(QStringLiteral("exportConfigsAction"));
    QVERIFY(action && window->findChild<QMenu *>(QStringLiteral("fileMenu"))->actions().contains(action));
    action->trigger();
    auto *dialog = window->findChild<ExportDialog *>(QStringLiteral("exportDialog"));
    QVERIFY(dialog);
    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("exportKind"));
    kind->setCurrentIndex(kind->findData(static_cast<int>(ExportJob::Kind::Bundle)));
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("exportQuorum"))->isVisible());
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("exportMinimal"))->isVisible());
    QVERIFY(read(dialog));
    auto *list = dialog->findChild<QListWidget *>(QStringLiteral("exportFiles"));
    QVERIFY(list->count() >= 15);
    QCOMPARE(list->item(0)->text(), QStringLiteral("README.md"));
    QTest::qWait(100);  // the status label grows on the next layout pass
    GuiTest::screenshot(dialog, QStringLiteral("export-dialog-bundle"));
    const QString archive = m_dir.filePath(QStringLiteral("group.tar.gz"));
    QVERIFY(dialog->saveTo(archive));
    QList<ExportFile> files;
    QString error;
    QVERIFY2(TarGz::extract(TestEnv::readFile(archive), &files, &error), qPrintable(error));
    QCOMPARE(files.size(), list->count());
    for (const ExportFile &f : files)
        QVERIFY2(!f.bytes.contains(kPassword.toUtf8()), qPrintable(f.name));
    QCOMPARE(exportEntries().last().value(QStringLiteral("what")).toString(), QStringLiteral("deployment bundle"));
    dialog->close();
}

TANDEM_TEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"
