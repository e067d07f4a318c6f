#pragma once

#include "ConnectionProfile.h"

#include <QCommandLineOption>
#include <QList>

class QCommandLineParser;

// The redis-cli-like connection options shared by tandem and tandemctl:
// --user, -a/--pass (or REDISCLI_AUTH), --tls, --cacert, --cert, --key, --insecure, --sni,
// --ssh, --ssh-key, --ssh-known-hosts, --ssh-accept-new, --timeout.
class ConnectionOptions
{
public:
    static QList<QCommandLineOption> options();
    static void addTo(QCommandLineParser *parser);

    // Applies the parsed options to a profile whose address was already parsed from the node
    // argument (ConnectionProfile::parseAddress). Options given explicitly override what the
    // URL said. Returns false with a reason on bad values.
    static bool apply(const QCommandLineParser &parser, ConnectionProfile *profile, QString *error);
};
