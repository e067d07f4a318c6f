// File → Import Topology… with a topology tandemctl exported from real servers: each node
// becomes a saved connection, importing again adds none, a bad file changes nothing, and
// connecting to the imported profiles finds the same nodes in the same roles. Also the other
// way: Export Topology… writes SVG, PNG and text drawn like the view, and audits each export.
#include "CliRunner.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "ReplicationLab.h"
#include "SentinelServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ConnectionManagerDialog.h"
#include "MainWindow.h"
#include "ProfileListModel.h"
#include "TopologyExportDialog.h"
#include "TopologyImportDialog.h"
#include "export/TopologyJson.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyImage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyView.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

class tst_TopologyImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importSavesEachNode();
    void importingAgainAddsNothing();
    void badFileChangesNothing_data();
    void badFileChangesNothing();
    void connectingToImportsFindsSameTopology();
    void pictureIsTheViewsDrawing();
    void exportDialogWritesPictures();
    void cleanupTestCase();

private:
    // Imports `file` through the menu action (or its shortcut) and the dialog; the result box's text.
    QString importThroughMenu(const QString &file, bool byKeyboard = false);
    QMap<QString, QString> exportedRoles() const;  // address -> role in the exported file
    QStringList savedAddresses() const;

    ReplicationLab m_lab;
    SentinelServer m_sentinel;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    MemorySecretStore m_secrets;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<MainWindow> m_window;
    QString m_exported;  // tandemctl export topology --out
};

void tst_TopologyImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty()
        || TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
    QVERIFY2(m_sentinel.start(QStringLiteral("shop"), QStringLiteral("127.0.0.1"), m_lab.port(QStringLiteral("m"))),
             qPrintable(m_sentinel.errorString()));

    m_exported = m_dir.filePath(QStringLiteral("exported.json"));
    const CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("m")), QStringLiteral("--seed"),
                                        m_sentinel.address(), QStringLiteral("--out"), m_exported});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(exportedRoles().size(), 4);

    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    m_store = std::make_unique<ProfileStore>(m_settings.get(), &m_secrets);
    m_window = std::make_unique<MainWindow>(nullptr, m_store.get());
    m_window->setPollInterval(250);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_TopologyImport::cleanupTestCase()
{
    m_window.reset();
}

QMap<QString, QString> tst_TopologyImport::exportedRoles() const
{
    QMap<QString, QString> roles;
    const QJsonArray nodes = QJsonDocument::fromJson(TestEnv::readFile(m_exported)).object()
                                 .value(QStringLiteral("nodes")).toArray();
    for (const QJsonValue &v : nodes)
        roles.insert(v[QStringLiteral("address")].toString(), v[QStringLiteral("role")].toString());
    return roles;
}

QStringList tst_TopologyImport::savedAddresses() const
{
    QStringList out;
    const QList<SavedProfile> profiles = m_store->profiles();
    for (const SavedProfile &p : profiles)
        out << p.profile.address();
    out.sort();
    return out;
}

QString tst_TopologyImport::importThroughMenu(const QString &file, bool byKeyboard)
{
    MainWindow *w = m_window.get();
    if (byKeyboard) {
        QApplication::setActiveWindow(w);
        if (!QTest::qWaitForWindowActive(w))
            return QStringLiteral("<window not active>");
        QTest::keyClick(w, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    } else {
        w->findChild<QAction *>(QStringLiteral("importTopologyAction"))->trigger();
    }
    TopologyImportDialog *dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = GuiTest::visibleChild<TopologyImportDialog>(w, QStringLiteral("importTopologyDialog"))) != nullptr; }))
        return QStringLiteral("<no import dialog>");
    dialog->selectFile(file);
    static_cast<QDialog *>(dialog)->accept();  // as the Open button does
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor([&] { return (box = GuiTest::visibleChild<QMessageBox>(w, QStringLiteral("topologyImportResult"))) != nullptr; }))
        return QStringLiteral("<no result box>");
    GuiTest::screenshot(box, QStringLiteral("topology-import-result"));
    const QString text = box->text() + QLatin1Char('\n') + box->informativeText();
    box->accept();
    return text;
}

void tst_TopologyImport::importSavesEachNode()
{
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("importTopologyAction"))->isEnabled());
    auto *fileMenu = m_window->findChild<QMenu *>(QStringLiteral("fileMenu"));
    QVERIFY(fileMenu && fileMenu->actions().contains(m_window->findChild<QAction *>(QStringLiteral("importTopologyAction"))));

    const QString text = importThroughMenu(m_exported, true);
    QVERIFY2(text.startsWith(QLatin1String("Added 4 saved connections.\nSkipped 0 nodes already saved.")), qPrintable(text));
    QStringList expected = exportedRoles().keys();
    expected.sort();
    QCOMPARE(savedAddresses(), expected);

    // The Connection Manager lists them.
    m_window->findChild<QAction *>(QStringLiteral("connectionManagerAction"))->trigger();
    ConnectionManagerDialog *manager = nullptr;
    QTRY_VERIFY((manager = GuiTest::visibleChild<ConnectionManagerDialog>(m_window.get(), QStringLiteral("connectionManager"))));
    auto *list = manager->findChild<QAbstractItemView *>(QStringLiteral("profileList"));
    QVERIFY(list);
    QCOMPARE(list->model()->rowCount(), 4);
    QStringList listed;
    for (int row = 0; row < 4; ++row)
        listed << GuiTest::cell(list->model(), row, ProfileListModel::AddressColumn);
    listed.sort();
    QCOMPARE(listed, expected);
    GuiTest::screenshot(manager, QStringLiteral("topology-import-manager"));
    manager->close();
}

void tst_TopologyImport::importingAgainAddsNothing()
{
    const QString text = importThroughMenu(m_exported);
    QVERIFY2(text.startsWith(QLatin1String("Added 0 saved connections.\nSkipped 4 nodes already saved.")), qPrintable(text));
    QCOMPARE(m_store->count(), 4);
}

void tst_TopologyImport::badFileChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("broken json") << QByteArray("{\"nodes\": [{\"address\": ") << QStringLiteral("not valid JSON");
    QTest::newRow("profiles file") << QByteArray(R"({"format": "tandem-profiles", "version": 1, "profiles": []})")
                                   << QStringLiteral("not a Tandem topology");
    QTest::newRow("bad node") << QByteArray(R"({"nodes": [{"address": "10.9.9.9:6379", "role": "master"},
                                                          {"address": "10.9.9.8:6379", "role": "chief"}]})")
                              << QStringLiteral("unknown role");
}

void tst_TopologyImport::badFileChangesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString file = TestEnv::writeFile(m_dir.filePath(QStringLiteral("bad.json")), content);
    QVERIFY(!file.isEmpty());
    const QStringList before = savedAddresses();
    const QString text = importThroughMenu(file);
    QVERIFY2(text.startsWith(QLatin1String("Nothing imported: ")) && text.contains(reason), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("No connection was saved.")), qPrintable(text));
    QCOMPARE(savedAddresses(), before);
}

void tst_TopologyImport::connectingToImportsFindsSameTopology()
{
    const QList<SavedProfile> profiles = m_store->profiles();
    for (const SavedProfile &saved : profiles) {
        QPointer<ConnectionManagerDialog> manager = m_window->openConnectionManager();
        QVERIFY(manager);
        manager->selectProfile(saved.id);
        manager->connectCurrent();  // closes the manager once the node is handed to the window
        QTRY_VERIFY(manager.isNull());
        QTRY_VERIFY2(m_window->monitor()->topology().node(saved.profile.address()), qPrintable(saved.profile.address()));
    }
    const QMap<QString, QString> expected = exportedRoles();
    auto rolesNow = [this] {
        QMap<QString, QString> roles;
        const Topology t = m_window->monitor()->topology();
        for (const TopologyNode &n : t.nodes) {
            if (n.isUp())
                roles.insert(n.address, NodeSnapshot::roleName(n.role));
        }
        return roles;
    };
    QTRY_COMPARE_WITH_TIMEOUT(rolesNow(), expected, 15000);
    QCOMPARE(m_window->monitor()->topology().nodes.size(), expected.size());
    GuiTest::screenshot(m_window.get(), QStringLiteral("topology-import-connected"));
}

void tst_TopologyImport::pictureIsTheViewsDrawing()
{
    // The live topology, through JSON and back, draws the same cards in the same places.
    const Topology live = m_window->topologyView()->topologyScene()->topology();
    QCOMPARE(live.nodes.size(), 4);
    QString error;
    const std::optional<Topology> back = TopologyJson::fromJson(TopologyJson::toJson(live), &error);
    QVERIFY2(back, qPrintable(error));
    TopologyScene original;
    original.setTopology(live);
    TopologyScene parsed;
    parsed.setTopology(*back);
    QCOMPARE(parsed.layout().cards(), original.layout().cards());
    QCOMPARE(parsed.cardCount(), 4);
    for (const TopologyNode &n : live.nodes) {
        const NodeCardContent a = original.card(n.address)->content();
        const NodeCardContent b = parsed.card(n.address)->content();
        QCOMPARE(b.badge, a.badge);
        QCOMPARE(b.meta, a.meta);
        QCOMPARE(b.status, a.status);
        QVERIFY2(b == a, qPrintable(n.address + QStringLiteral(": ") + b.toolTip + QStringLiteral(" vs ") + a.toolTip));
    }
    const QImage fromLive = TopologyImage::image(live);
    QCOMPARE(TopologyImage::image(*back), fromLive);
    QCOMPARE(fromLive.size(), (original.contentRect().size() * TopologyImage::kPngScale).toSize());
}

void tst_TopologyImport::exportDialogWritesPictures()
{
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("exportTopologyAction"))->isEnabled());
    auto exportTo = [this](const QString &name, const QString &filter) {
        m_window->findChild<QAction *>(QStringLiteral("exportTopologyAction"))->trigger();
        TopologyExportDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = GuiTest::visibleChild<TopologyExportDialog>(m_window.get(), QStringLiteral("exportTopologyDialog"))));
        QVERIFY(dialog->nameFilters().contains(filter));
        dialog->selectNameFilter(filter);
        dialog->selectFile(m_dir.filePath(name));
        static_cast<QDialog *>(dialog)->accept();
        QTRY_VERIFY(QFile::exists(m_dir.filePath(name)));
    };
    exportTo(QStringLiteral("view.svg"), QStringLiteral("SVG image (*.svg)"));
    exportTo(QStringLiteral("view.png"), QStringLiteral("PNG image (*.png)"));
    exportTo(QStringLiteral("view.txt"), QStringLiteral("Text (*.txt)"));
    if (QTest::currentTestFailed())
        return;

    QXmlStreamReader xml(TestEnv::readFile(m_dir.filePath(QStringLiteral("view.svg"))));
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isCharacters())
            text += xml.text();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const QStringList addresses = exportedRoles().keys();
    for (const QString &address : addresses)
        QVERIFY2(text.contains(address), qPrintable(address));
    QImage png;
    QVERIFY(png.load(m_dir.filePath(QStringLiteral("view.png")), "PNG"));
    QVERIFY2(png.width() > 600 && png.height() > 300, qPrintable(QStringLiteral("%1x%2").arg(png.width()).arg(png.height())));
    const QByteArray tree = TestEnv::readFile(m_dir.filePath(QStringLiteral("view.txt")));
    for (const QString &address : addresses)
        QVERIFY2(tree.contains(address.toUtf8()), tree.constData());

    // One audit entry per export, with the file's size.
    const QList<QByteArray> lines = TestEnv::readFile(m_dir.filePath(QStringLiteral("data/audit.jsonl"))).trimmed().split('\n');
    QVERIFY(lines.size() >= 3);
    QStringList destinations;
    for (qsizetype i = lines.size() - 3; i < lines.size(); ++i) {
        const QJsonObject entry = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(entry.value(QStringLiteral("event")).toString(), QStringLiteral("export"));
        QCOMPARE(entry.value(QStringLiteral("what")).toString(), QStringLiteral("topology"));
        QCOMPARE(entry.value(QStringLiteral("sources")).toArray().size(), 4);
        destinations << QFileInfo(entry.value(QStringLiteral("destination")).toString()).fileName();
    }
    QCOMPARE(destinations, (QStringList{QStringLiteral("view.svg"), QStringLiteral("view.png"), QStringLiteral("view.txt")}));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("exported")));
}

TANDEM_TEST_MAIN(tst_TopologyImport)
#include "tst_topologyimport.moc"
