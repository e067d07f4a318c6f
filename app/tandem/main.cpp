#include "MainWindow.h"
#include "QuitOnSignal.h"

#include "net/ConnectionOptions.h"
#include "net/ConnectionProfile.h"
#include "ssh/SshSessionPool.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "tandem: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tandem"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("Tandem"));
    QApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("tandem"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Control room for Redis replication. Without a node to "
                                        "connect to, it starts a local lab."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption lab(QStringLiteral("lab"),
        QApplication::translate("main", "Start a local lab (1 master, 2 replicas) and watch it."));
    const QCommandLineOption labReplicas(QStringLiteral("lab-replicas"),
        QApplication::translate("main", "Replicas in the local lab (implies --lab)."),
        QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption connectTo(QStringLiteral("connect"),
        QApplication::translate("main", "Watch this node: HOST:PORT or redis[s]://... "
                                        "(repeatable; the connection options apply to each)."),
        QStringLiteral("node"));
    parser.addOptions({lab, labReplicas, connectTo});
    ConnectionOptions::addTo(&parser);
    parser.process(app);

    QList<ConnectionProfile> profiles;
    const QStringList nodes = parser.values(connectTo);
    for (const QString &node : nodes) {
        ConnectionProfile profile;
        QString error;
        if (!ConnectionProfile::parseAddress(node, &profile, &error)
            || !ConnectionOptions::apply(parser, &profile, &error))
            return usageError(error);
        profiles.append(profile);
    }
    bool replicasOk = true;
    const int replicas = parser.value(labReplicas).toInt(&replicasOk);
    if (!replicasOk || replicas < 0 || replicas > 16)
        return usageError(QStringLiteral("--lab-replicas takes a number from 0 to 16"));
    const bool startLab = parser.isSet(lab) || parser.isSet(labReplicas) || profiles.isEmpty();

    quitOnSignals(&app);
    // Declared before the window so it outlives every connection that uses it.
    SshSessionPool sshPool;
    MainWindow window(&sshPool);
    window.show();
    for (const ConnectionProfile &profile : std::as_const(profiles))
        window.addNode(profile);
    // Asynchronous: the window is already up; progress and failures show inside it.
    if (startLab)
        window.startLab(replicas);
    return app.exec();
}
