// TopologyImport: which nodes of a topology document become saved connections. Known
// addresses (or aliases) are skipped, placeholders left out, and a bad document saves nothing.
#include "TestRegistry.h"

#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"
#include "profile/TopologyImport.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_ProfilesFromTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void newNodesBecomePlainProfiles();
    void knownAddressesAndAliasesAreSkipped();
    void placeholdersAreLeftOut();
    void badDocumentSavesNothing();

private:
    QStringList saved() const;

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    MemorySecretStore m_secrets;
    std::unique_ptr<ProfileStore> m_store;
};

namespace {

const QByteArray kDocument = R"({"nodes": [
    {"address": "10.0.0.1:6379", "role": "master", "reachability": "up", "aliases": ["db1.example:6379"]},
    {"address": "10.0.0.2:6380", "role": "replica", "reachability": "unreachable", "master": "10.0.0.1:6379"},
    {"address": "[fd00::3]:6379", "role": "replica", "reachability": "up", "master": "10.0.0.1:6379"},
    {"address": "10.0.0.9:26379", "role": "sentinel", "reachability": "up"},
    {"address": "10.0.0.7:6379", "role": "unknown", "reachability": "connecting", "placeholder": true}]})";

} // namespace

void tst_ProfilesFromTopology::init()
{
    m_store.reset();
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("%1.ini").arg(QLatin1String(QTest::currentTestFunction()))),
                                             QSettings::IniFormat);
    m_store = std::make_unique<ProfileStore>(m_settings.get(), &m_secrets);
}

QStringList tst_ProfilesFromTopology::saved() const
{
    QStringList out;
    const QList<SavedProfile> profiles = m_store->profiles();
    for (const SavedProfile &p : profiles)
        out << p.profile.address();
    return out;
}

void tst_ProfilesFromTopology::newNodesBecomePlainProfiles()
{
    const TopologyImport::Result r = TopologyImport::importJson(kDocument, m_store.get());
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QStringList expected{QStringLiteral("10.0.0.1:6379"), QStringLiteral("10.0.0.2:6380"),
                               QStringLiteral("[fd00::3]:6379"), QStringLiteral("10.0.0.9:26379")};
    QCOMPARE(r.added, expected);
    QCOMPARE(saved(), expected);
    const SavedProfile ipv6 = m_store->at(2);
    QCOMPARE(ipv6.profile.host, QStringLiteral("fd00::3"));
    QCOMPARE(ipv6.profile.port, quint16(6379));
    QCOMPARE(ipv6.profile.name, QStringLiteral("[fd00::3]:6379"));
    QVERIFY(!ipv6.profile.tls.enabled && !ipv6.profile.ssh.enabled);
    QVERIFY(ipv6.secrets.isEmpty());
    QVERIFY(r.summary().startsWith(QLatin1String("Added 4 saved connections.\nSkipped 0 nodes already saved.")));
}

void tst_ProfilesFromTopology::knownAddressesAndAliasesAreSkipped()
{
    QString error;
    ConnectionProfile byAlias;
    QVERIFY(ConnectionProfile::parseAddress(QStringLiteral("db1.example:6379"), &byAlias, &error));
    ConnectionProfile byAddress;
    QVERIFY(ConnectionProfile::parseAddress(QStringLiteral("10.0.0.2:6380"), &byAddress, &error));
    byAddress.ssh.enabled = true;  // reached differently, still the same node
    byAddress.ssh.host = QStringLiteral("bastion");
    m_store->add(byAlias, this, [](const SecretsResult &) {});
    m_store->add(byAddress, this, [](const SecretsResult &) {});

    const TopologyImport::Result r = TopologyImport::importJson(kDocument, m_store.get());
    QCOMPARE(r.skipped, (QStringList{QStringLiteral("10.0.0.1:6379"), QStringLiteral("10.0.0.2:6380")}));
    QCOMPARE(r.added, (QStringList{QStringLiteral("[fd00::3]:6379"), QStringLiteral("10.0.0.9:26379")}));
    QCOMPARE(m_store->count(), 4);
    QCOMPARE(TopologyImport::importJson(kDocument, m_store.get()).added, QStringList());
    QCOMPARE(m_store->count(), 4);
}

void tst_ProfilesFromTopology::placeholdersAreLeftOut()
{
    const TopologyImport::Result r = TopologyImport::importJson(kDocument, m_store.get());
    QCOMPARE(r.unpolled, QStringList{QStringLiteral("10.0.0.7:6379")});
    QVERIFY(!saved().contains(QStringLiteral("10.0.0.7:6379")));
    QVERIFY2(r.summary().contains(QLatin1String("Left out, never answered (only named by other nodes): 10.0.0.7:6379")),
             qPrintable(r.summary()));
}

void tst_ProfilesFromTopology::badDocumentSavesNothing()
{
    for (const QByteArray &doc : {QByteArray("not json"), QByteArray(R"({"nodes": [{"address": "a:1", "role": "x"}]})"),
                                  QByteArray(R"({"nodes": [{"address": "10.0.0.1:6379", "role": "master"},
                                                           {"address": "host:notaport", "role": "master"}]})")}) {
        const TopologyImport::Result r = TopologyImport::importJson(doc, m_store.get());
        QVERIFY2(!r.ok(), doc.constData());
        QVERIFY(r.added.isEmpty());
        QVERIFY(r.summary().startsWith(QLatin1String("Nothing imported: ")));
        QCOMPARE(m_store->count(), 0);
    }
    const TopologyImport::Result missing = TopologyImport::importFile(m_dir.filePath(QStringLiteral("nope.json")), m_store.get());
    QVERIFY(missing.error.startsWith(QLatin1String("cannot read ")));
}

TANDEM_TEST_GUILESS_MAIN(tst_ProfilesFromTopology)
#include "tst_profilesfromtopology.moc"
