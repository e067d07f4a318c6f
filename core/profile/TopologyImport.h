#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

class ProfileStore;

// Saved connections from a topology document (tandemctl topology --json, Export Topology…):
// one plain host:port profile per node that is not saved yet (by its address or an alias),
// named after its address. Addresses only replicas or sentinels named, never answering
// themselves (placeholders), are left out. The document carries no credentials: nodes that
// need a password, TLS or SSH get them by editing the profile (or are asked on connect).
// A document that is not a topology changes nothing.
class TopologyImport
{
    Q_DECLARE_TR_FUNCTIONS(TopologyImport)
public:
    struct Result
    {
        QStringList added;     // addresses saved as new profiles
        QStringList skipped;   // addresses already saved
        QStringList unpolled;  // placeholders left out
        QString error;         // the document as a whole is unusable; nothing was saved

        bool ok() const { return error.isEmpty(); }
        // What to tell the user: counts, then the addresses.
        QString summary() const;
    };

    static Result importJson(const QByteArray &json, ProfileStore *store);
    static Result importFile(const QString &path, ProfileStore *store);
};
