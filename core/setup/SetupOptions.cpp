#include "SetupOptions.h"

QString SetupOptions::authName(Auth auth)
{
    switch (auth) {
    case Auth::Password: return QStringLiteral("password");
    case Auth::Acl: return QStringLiteral("acl");
    case Auth::Keep: return QStringLiteral("keep");
    }
    return {};
}

bool SetupOptions::parseAuth(const QString &name, Auth *auth)
{
    for (Auth a : {Auth::Password, Auth::Acl, Auth::Keep}) {
        if (name == authName(a)) {
            *auth = a;
            return true;
        }
    }
    return false;
}

QString SetupOptions::persistenceName(Persistence p)
{
    switch (p) {
    case Persistence::Aof: return QStringLiteral("aof");
    case Persistence::Rdb: return QStringLiteral("rdb");
    case Persistence::Keep: return QStringLiteral("keep");
    }
    return {};
}

bool SetupOptions::parsePersistence(const QString &name, Persistence *p)
{
    for (Persistence x : {Persistence::Aof, Persistence::Rdb, Persistence::Keep}) {
        if (name == persistenceName(x)) {
            *p = x;
            return true;
        }
    }
    return false;
}
