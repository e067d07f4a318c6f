#include "MainWindow.h"
#include "QuitOnSignal.h"
#include "TopologyRenderMode.h"

#include "net/ConnectionOptions.h"
#include "net/ConnectionProfile.h"
#include "profile/KeychainSecretStore.h"
#include "profile/ProfileStore.h"
#include "ssh/SshSessionPool.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>

#include <cstdio>

namespace {

const QCommandLineOption kLab(QStringLiteral("lab"),
    QCoreApplication::translate("main", "Start a local lab (1 master, 2 replicas) and watch it."));
const QCommandLineOption kLabReplicas(QStringLiteral("lab-replicas"),
    QCoreApplication::translate("main", "Replicas in the local lab (implies --lab)."),
    QStringLiteral("N"), QStringLiteral("2"));
const QCommandLineOption kLabChained(QStringLiteral("lab-chained"),
    QCoreApplication::translate("main", "Replicas of the lab's first replica (implies --lab)."),
    QStringLiteral("N"), QStringLiteral("0"));
const QCommandLineOption kLabStandalone(QStringLiteral("lab-standalone"),
    QCoreApplication::translate("main", "Start N unlinked local servers instead (for Set Up Replication)."),
    QStringLiteral("N"));
const QCommandLineOption kConnect(QStringLiteral("connect"),
    QCoreApplication::translate("main", "Watch this node: HOST:PORT or redis[s]://... "
                                        "(repeatable; the connection options apply to each)."),
    QStringLiteral("node"));

int usageError(const QString &message)
{
    std::fprintf(stderr, "tandem: %s\n", qPrintable(message));
    return 2;
}

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("tandem"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tandem"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
}

void describeOptions(QCommandLineParser *parser)
{
    parser->setApplicationDescription(
        QCoreApplication::translate("main", "Control room for Redis replication. Without a node "
                                            "to connect to, it starts a local lab."));
    parser->addHelpOption();
    parser->addVersionOption();
    parser->addOptions({kLab, kLabReplicas, kLabChained, kLabStandalone, kConnect});
    ConnectionOptions::addTo(parser);
    parser->addOptions(TopologyRenderMode::options());
}

// --help and --version must work without a display (ssh sessions, CI, packaging checks).
bool onlyWantsText(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v"
            || arg == "--version" || arg == "-?")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    describeApplication();
    if (onlyWantsText(argc, argv)) {
        QCoreApplication textOnly(argc, argv);
        QCommandLineParser parser;
        describeOptions(&parser);
        parser.process(textOnly);  // prints and exits
        return 0;
    }

    // Drawing a topology for tandemctl needs no display (servers, CI, ssh sessions).
    const bool render = TopologyRenderMode::requested(argc, argv);
    if (render)
        TopologyRenderMode::forceOffscreen();
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Tandem"));
    QApplication::setDesktopFileName(QStringLiteral("dev.tandem.Tandem"));
    QCommandLineParser parser;
    describeOptions(&parser);
    parser.process(app);
    if (render)
        return TopologyRenderMode::run(parser);

    QList<ConnectionProfile> profiles;
    const QStringList nodes = parser.values(kConnect);
    for (const QString &node : nodes) {
        ConnectionProfile profile;
        QString error;
        if (!ConnectionProfile::parseAddress(node, &profile, &error)
            || !ConnectionOptions::apply(parser, &profile, &error))
            return usageError(error);
        profiles.append(profile);
    }
    if (profiles.isEmpty()) {
        const QList<QCommandLineOption> connectionOptions = ConnectionOptions::options();
        for (const QCommandLineOption &option : connectionOptions) {
            if (parser.isSet(option.names().constLast()))
                return usageError(QApplication::translate("main", "--%1 applies to --connect nodes")
                                      .arg(option.names().constLast()));
        }
    }
    bool replicasOk = true;
    const int replicas = parser.value(kLabReplicas).toInt(&replicasOk);
    if (!replicasOk || replicas < 0 || replicas > 16)
        return usageError(QApplication::translate("main", "--lab-replicas takes a number from 0 to 16"));
    const int chained = parser.value(kLabChained).toInt(&replicasOk);
    if (!replicasOk || chained < 0 || chained > 8 || (chained > 0 && replicas < 1))
        return usageError(QApplication::translate("main", "--lab-chained takes a number from 0 to 8 "
                                                          "and needs at least one replica"));
    int standalone = 0;
    if (parser.isSet(kLabStandalone)) {
        standalone = parser.value(kLabStandalone).toInt(&replicasOk);
        if (!replicasOk || standalone < 1 || standalone > 16)
            return usageError(QApplication::translate("main", "--lab-standalone takes a number from 1 to 16"));
    }
    const bool startLab = parser.isSet(kLab) || parser.isSet(kLabReplicas) || parser.isSet(kLabChained)
        || profiles.isEmpty();

    quitOnSignals(&app);
    // Declared before the window so they outlive everything in it that uses them.
    SshSessionPool sshPool;
    QSettings settings;  // the default location: ~/.config/Tandem/tandem.conf
    KeychainSecretStore keychain;  // the connection manager probes it and says if it is missing
    ProfileStore profileStore(&settings, &keychain);
    MainWindow window(&sshPool, &profileStore);  // also loads the icon resources
    QApplication::setWindowIcon(window.windowIcon());
    window.show();
    for (const ConnectionProfile &profile : std::as_const(profiles))
        window.addNode(profile);
    // Asynchronous: the window is already up; progress and failures show inside it.
    if (standalone > 0)
        window.startStandaloneLab(standalone);
    else if (startLab)
        window.startLab(replicas, chained);
    return app.exec();
}
