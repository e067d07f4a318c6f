#include "MigrateOptions.h"

QString MigrateOptions::verifyName(Verify verify)
{
    switch (verify) {
    case Verify::Sample: return QStringLiteral("sample");
    case Verify::Full: return QStringLiteral("full");
    case Verify::None: return QStringLiteral("none");
    }
    return {};
}

bool MigrateOptions::parseVerify(const QString &name, Verify *verify)
{
    for (Verify v : {Verify::Sample, Verify::Full, Verify::None}) {
        if (name == verifyName(v)) {
            *verify = v;
            return true;
        }
    }
    return false;
}

QString MigrateOptions::onAbortName(OnAbort onAbort)
{
    return onAbort == OnAbort::Detach ? QStringLiteral("detach") : QStringLiteral("keep-replica");
}

bool MigrateOptions::parseOnAbort(const QString &name, OnAbort *onAbort)
{
    for (OnAbort o : {OnAbort::Detach, OnAbort::KeepReplica}) {
        if (name == onAbortName(o)) {
            *onAbort = o;
            return true;
        }
    }
    return false;
}
