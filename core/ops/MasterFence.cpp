#include "MasterFence.h"

#include "AuditLog.h"

MasterFence::MasterFence(NodeClients *clients, const QString &path, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
    , m_path(path)
{
}

QString MasterFence::defaultPath()
{
    return AuditLog::defaultDirectory() + QStringLiteral("/fences.json");
}

void MasterFence::add(const QString &, const QString &) {}
void MasterFence::remove(const QString &) {}
bool MasterFence::isFenced(const QString &) const { return false; }
void MasterFence::observe(const Topology &) {}
void MasterFence::demote(const QString &) {}
void MasterFence::load() {}
void MasterFence::save() const {}
