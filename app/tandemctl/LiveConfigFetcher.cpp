#include "LiveConfigFetcher.h"

#include "net/ConnectionOptions.h"

#include <QCommandLineParser>
#include <QTextStream>

LiveConfigFetcher::LiveConfigFetcher(const ConnectionProfile &profile, QObject *parent)
    : LiveConfigReader(profile, nullptr, parent)  // no pool given: one of its own when SSH is on
{
}

bool LiveConfigFetcher::profileFor(const QString &node, const QCommandLineParser &parser,
                                   ConnectionProfile *profile, QString *error)
{
    return ConnectionProfile::parseAddress(node, profile, error)
        && ConnectionOptions::apply(parser, profile, error);
}

int LiveConfigFetcher::report(const NetError &error, const ConnectionProfile &profile, QTextStream &err)
{
    if (error.kind == NetError::Kind::AuthFailed)
        err << "tandemctl: " << error.message << "\n"
            << "  Check the password (-a/--pass, REDISCLI_AUTH) and the ACL user (--user).\n";
    else if (error.isConnectFailure())
        err << "tandemctl: could not connect to " << profile.displayName() << ": " << error.message << "\n";
    else
        err << "tandemctl: " << profile.displayName() << ": " << error.message << "\n";
    err.flush();
    return error.isConnectFailure() ? 3 : 1;
}
