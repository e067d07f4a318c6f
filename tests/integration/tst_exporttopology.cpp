// `tandemctl export topology` against real servers: the JSON is `topology --json`, DOT and text
// name every node, SVG and PNG come from `tandem --render-topology` and are real pictures,
// each export lands in the audit log, and a tandemctl shipped without the GUI says what to do.
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "SentinelServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class tst_ExportTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonIsTopologyJson();
    void dotAndTextNameEveryNode();
    void formatFollowsOutSuffix();
    void svgIsWellFormedAndNamesEveryNode();
    void pngDecodes();
    void eachExportIsAudited();
    void withoutTandemSaysWhatToInstall();
    void renderModeNeedsNoDisplay();
    void usageAndUnreachable();

private:
    QStringList seeds() const;
    QStringList addresses() const;
    CliResult exportTopology(const QStringList &extra, int timeoutMs = 60000) const;
    QProcessEnvironment env() const;
    QString path(const QString &name) const { return m_dir.filePath(name); }
    // The document without what changes between two reads of the same healthy lab.
    static QJsonObject withoutLiveNumbers(QJsonObject doc);

    ReplicationLab m_lab;
    SentinelServer m_sentinel;
    QTemporaryDir m_dir;
};

void tst_ExportTopology::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    QVERIFY2(QFileInfo(TestEnv::binaryDir() + QStringLiteral("/app/tandem")).isExecutable(),
             "tandem was not built (it draws SVG and PNG)");
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty()
        || TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1a"), QStringLiteral("r1")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
    QVERIFY2(m_sentinel.start(QStringLiteral("shop"), QStringLiteral("127.0.0.1"), m_lab.port(QStringLiteral("m"))),
             qPrintable(m_sentinel.errorString()));
    QVERIFY(m_dir.isValid());
}

QStringList tst_ExportTopology::seeds() const
{
    return {QStringLiteral("--seed"), m_lab.address(QStringLiteral("m")), QStringLiteral("--seed"), m_sentinel.address()};
}

QStringList tst_ExportTopology::addresses() const
{
    QStringList out;
    for (const QString &name : m_lab.names())
        out << m_lab.address(name);
    out << m_sentinel.address();
    return out;
}

QProcessEnvironment tst_ExportTopology::env() const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("TANDEM_DATA_DIR"), path(QStringLiteral("data")));
    return e;
}

CliResult tst_ExportTopology::exportTopology(const QStringList &extra, int timeoutMs) const
{
    return CliRunner::run(QStringList{QStringLiteral("export"), QStringLiteral("topology")} + seeds() + extra,
                          timeoutMs, env());
}

QJsonObject tst_ExportTopology::withoutLiveNumbers(QJsonObject doc)
{
    doc.remove(QStringLiteral("taken_at"));
    auto strip = [&doc](const QString &list, const QStringList &keys) {
        QJsonArray items = doc.value(list).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject o = items.at(i).toObject();
            for (const QString &k : keys)
                o.remove(k);
            items.replace(i, o);
        }
        doc.insert(list, items);
    };
    strip(QStringLiteral("nodes"), {QStringLiteral("repl_offset"), QStringLiteral("lag_bytes"), QStringLiteral("lag_seconds"),
                                    QStringLiteral("last_seen"), QStringLiteral("stats")});
    strip(QStringLiteral("edges"), {QStringLiteral("lag_bytes"), QStringLiteral("lag_seconds"),
                                    QStringLiteral("link_down_seconds")});
    return doc;
}

void tst_ExportTopology::jsonIsTopologyJson()
{
    const CliResult exported = exportTopology({});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    const CliResult shown = CliRunner::run(QStringList{QStringLiteral("topology"), QStringLiteral("--json")} + seeds(),
                                           30000, env());
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.out + shown.err));
    QJsonParseError error{};
    const QJsonObject a = QJsonDocument::fromJson(exported.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject b = QJsonDocument::fromJson(shown.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(a.value(QStringLiteral("nodes")).toArray().size(), 5);
    QCOMPARE(withoutLiveNumbers(a), withoutLiveNumbers(b));
    QVERIFY(!a.value(QStringLiteral("taken_at")).toString().isEmpty());
}

void tst_ExportTopology::dotAndTextNameEveryNode()
{
    for (const QString &format : {QStringLiteral("dot"), QStringLiteral("text")}) {
        const CliResult r = exportTopology({QStringLiteral("--format"), format});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(!r.out.trimmed().isEmpty(), qPrintable(format));
        for (const QString &address : addresses())
            QVERIFY2(r.out.contains(address), qPrintable(format + QLatin1Char(' ') + address + QLatin1Char('\n') + r.out));
    }
    QVERIFY(exportTopology({QStringLiteral("--format"), QStringLiteral("dot")}).out.startsWith(QLatin1String("digraph")));
    // Text is the tree `tandemctl topology` prints.
    const CliResult tree = CliRunner::run(QStringList{QStringLiteral("topology")} + seeds(), 30000, env());
    const QString text = exportTopology({QStringLiteral("--format"), QStringLiteral("text")}).out;
    QCOMPARE(text.section(QLatin1Char('\n'), 0, 0), tree.out.section(QLatin1Char('\n'), 0, 0));
}

void tst_ExportTopology::formatFollowsOutSuffix()
{
    const QString dot = path(QStringLiteral("by-suffix.gv"));
    CliResult r = exportTopology({QStringLiteral("--out"), dot});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(TestEnv::readFile(dot).startsWith("digraph"));
    const QString json = path(QStringLiteral("by-suffix.json"));
    r = exportTopology({QStringLiteral("--out"), json});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QJsonDocument::fromJson(TestEnv::readFile(json)).isObject());
    // --format wins over the suffix.
    const QString forced = path(QStringLiteral("forced.json"));
    r = exportTopology({QStringLiteral("--out"), forced, QStringLiteral("--format"), QStringLiteral("text")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!QJsonDocument::fromJson(TestEnv::readFile(forced)).isObject());
    QVERIFY(TestEnv::readFile(forced).contains(m_lab.address(QStringLiteral("r1a")).toUtf8()));
}

void tst_ExportTopology::svgIsWellFormedAndNamesEveryNode()
{
    const QString svg = path(QStringLiteral("topology.svg"));
    const CliResult r = exportTopology({QStringLiteral("--out"), svg});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QByteArray bytes = TestEnv::readFile(svg);
    QXmlStreamReader xml(bytes);
    QString root;
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && root.isEmpty())
            root = xml.name().toString();
        if (xml.isCharacters())
            text += xml.text();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(root, QStringLiteral("svg"));
    for (const QString &address : addresses())
        QVERIFY2(text.contains(address), qPrintable(address));
    QVERIFY(text.contains(QLatin1String("MASTER")));
    QVERIFY(text.contains(QLatin1String("SENTINEL")));
    // To standard output, the same picture.
    const CliResult piped = exportTopology({QStringLiteral("--format"), QStringLiteral("svg")});
    QVERIFY2(piped.exitCode == 0, qPrintable(piped.err));
    QVERIFY(piped.out.startsWith(QLatin1String("<?xml")));
}

void tst_ExportTopology::pngDecodes()
{
    const QString png = path(QStringLiteral("topology.png"));
    const CliResult r = exportTopology({QStringLiteral("--format"), QStringLiteral("png"), QStringLiteral("--out"), png});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    // Five cards in two rows and a sentinel beside them, at 2 px per unit.
    QVERIFY2(image.width() >= 800 && image.width() <= 6000, qPrintable(QString::number(image.width())));
    QVERIFY2(image.height() >= 400 && image.height() <= 4000, qPrintable(QString::number(image.height())));
    // A picture, not a blank canvas: the white cards stand out of the tinted background.
    const QRgb corner = image.pixel(2, 2);
    int different = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            different += image.pixel(x, y) != corner ? 1 : 0;
    }
    QVERIFY2(different > 1000, qPrintable(QString::number(different)));
}

void tst_ExportTopology::eachExportIsAudited()
{
    const QString out = path(QStringLiteral("audited.dot"));
    const CliResult r = exportTopology({QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QByteArray> lines = TestEnv::readFile(path(QStringLiteral("data/audit.jsonl"))).trimmed().split('\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("export"));
    QCOMPARE(last.value(QStringLiteral("what")).toString(), QStringLiteral("topology"));
    QCOMPARE(last.value(QStringLiteral("destination")).toString(), QFileInfo(out).absoluteFilePath());
    QCOMPARE(last.value(QStringLiteral("secrets_included")).toBool(), false);
    const QJsonArray sources = last.value(QStringLiteral("sources")).toArray();
    QCOMPARE(sources.size(), 5);
    const QJsonObject file = last.value(QStringLiteral("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QStringLiteral("bytes")).toInteger(), QFileInfo(out).size());
    // Standard output is "-".
    QVERIFY(exportTopology({}).exitCode == 0);
    const QList<QByteArray> after = TestEnv::readFile(path(QStringLiteral("data/audit.jsonl"))).trimmed().split('\n');
    QCOMPARE(after.size(), lines.size() + 1);
    QCOMPARE(QJsonDocument::fromJson(after.last()).object().value(QStringLiteral("destination")).toString(),
             QStringLiteral("-"));
}

void tst_ExportTopology::withoutTandemSaysWhatToInstall()
{
    // tandemctl as a server install has it: alone, with no tandem beside it or on PATH.
    QTemporaryDir alone;
    const QString copy = alone.filePath(QStringLiteral("tandemctl"));
    QVERIFY(QFile::copy(CliRunner::tandemctl(), copy));
    QVERIFY(QFile::setPermissions(copy, QFile::permissions(copy) | QFileDevice::ExeOwner));
    QVERIFY(QDir(alone.path()).mkpath(QStringLiteral("bin")));
    QProcessEnvironment e = env();
    e.insert(QStringLiteral("PATH"), alone.filePath(QStringLiteral("bin")));
    for (const QString &format : {QStringLiteral("svg"), QStringLiteral("png")}) {
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(copy, QStringList{QStringLiteral("export"), QStringLiteral("topology")} + seeds()
                          + QStringList{QStringLiteral("--format"), format});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("SVG and PNG are drawn by the tandem GUI package; install it or use "
                                            "--format json|dot|text")),
                 qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());
    }
    // The text formats need nothing else.
    QProcess p;
    p.setProcessEnvironment(e);
    p.start(copy, QStringList{QStringLiteral("export"), QStringLiteral("topology")} + seeds());
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QJsonDocument::fromJson(p.readAllStandardOutput()).isObject());
}

void tst_ExportTopology::renderModeNeedsNoDisplay()
{
    // What tandemctl runs, on a server with no display: tandem must not try to open one.
    const QString json = path(QStringLiteral("render-in.json"));
    CliResult r = exportTopology({QStringLiteral("--out"), json});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QProcessEnvironment e = env();
    e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    e.remove(QStringLiteral("DISPLAY"));
    e.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const QString tandem = TestEnv::binaryDir() + QStringLiteral("/app/tandem");
    auto render = [&](const QStringList &args, QString *err) {
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(tandem, args);
        if (!p.waitForFinished(30000))
            return -1;
        *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QString err;
    const QString png = path(QStringLiteral("rendered.png"));
    QCOMPARE(render({QStringLiteral("--render-topology"), json, QStringLiteral("--out"), png}, &err), 0);
    QImage image;
    QVERIFY2(image.load(png, "PNG"), qPrintable(err));
    // The same picture tandemctl delivers.
    const QString viaCli = path(QStringLiteral("via-cli.png"));
    QCOMPARE(exportTopology({QStringLiteral("--out"), viaCli}).exitCode, 0);
    QCOMPARE(QImage(viaCli).size(), image.size());

    const QString broken = TestEnv::writeFile(path(QStringLiteral("broken.json")), "{\"nodes\": [");
    QCOMPARE(render({QStringLiteral("--render-topology"), broken, QStringLiteral("--out"), path(QStringLiteral("no.png"))}, &err), 1);
    QVERIFY2(err.contains(QLatin1String("not valid JSON")), qPrintable(err));
    QVERIFY(!QFile::exists(path(QStringLiteral("no.png"))));
    QCOMPARE(render({QStringLiteral("--render-topology"), json}, &err), 2);
    QVERIFY2(err.contains(QLatin1String("--out")), qPrintable(err));
    QCOMPARE(render({QStringLiteral("--render-topology"), json, QStringLiteral("--out"), path(QStringLiteral("x.dot"))}, &err), 2);
}

void tst_ExportTopology::usageAndUnreachable()
{
    CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("topology")}, 30000, env());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("--seed")));
    r = exportTopology({QStringLiteral("--format"), QStringLiteral("jpeg")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("json, dot, svg, png or text")));
    const QString nobody = QStringLiteral("127.0.0.1:%1").arg(TestEnv::freePort());
    r = CliRunner::run({QStringLiteral("export"), QStringLiteral("topology"), QStringLiteral("--seed"), nobody,
                        QStringLiteral("--out"), path(QStringLiteral("never.json"))},
                       30000, env());
    QCOMPARE(r.exitCode, 3);
    QVERIFY(!QFile::exists(path(QStringLiteral("never.json"))));
}

TANDEM_TEST_GUILESS_MAIN(tst_ExportTopology)
#include "tst_exporttopology.moc"
