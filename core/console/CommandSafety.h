#pragma once

#include <QByteArrayList>
#include <QCoreApplication>
#include <QString>

// Decides whether a console command may go straight to the server. Commands that destroy
// data, change replication, block the server or weaken security need the user's explicit
// confirmation; commands that would take over the console's connection (MONITOR, SUBSCRIBE...)
// are refused because the console could never show another reply on it.
class CommandSafety
{
    Q_DECLARE_TR_FUNCTIONS(CommandSafety)

public:
    enum class Verdict { Allowed, Confirm, Refused };

    struct Assessment
    {
        Verdict verdict = Verdict::Allowed;
        QString command;  // "FLUSHALL", "CONFIG SET", ... (upper case, with the subcommand)
        QString reason;   // why it is dangerous or refused; empty when allowed
    };

    static Assessment assess(const QByteArrayList &args);
    // Commands that wait for data on the server side (BLPOP, XREAD BLOCK, WAIT...): the
    // console must not apply its normal reply timeout to them.
    static bool isBlocking(const QByteArrayList &args);
};
