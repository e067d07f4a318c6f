#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// The sections redis.conf documents its directives in (NETWORK, SNAPSHOTTING, REPLICATION, ...),
// in the order the stock file has them: exports group settings the way operators know them.
class ConfigSections
{
public:
    // The section of a canonical directive name ("OTHER" for names redis.conf does not document).
    static QByteArray sectionOf(QByteArrayView name);
    // Every section in file order, "OTHER" last.
    static const QList<QByteArray> &order();
};
