#include "ConfigGetCommand.h"

#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "net/RespClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString kShowSecrets = QStringLiteral("show-secrets");
}

QString ConfigGetCommand::description() const
{
    return QStringLiteral("Prints the running configuration of NODE (CONFIG GET *) as redis.conf.\n"
                          "Passwords are replaced by <hidden> unless --show-secrets is given.");
}

void ConfigGetCommand::addOptions(QCommandLineParser &parser)
{
    parser.addOption({kShowSecrets, QStringLiteral("Print passwords and other secrets as they are.")});
}

void ConfigGetCommand::onReady()
{
    client()->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), QByteArrayLiteral("*")}, this,
                   [this](const RespResult &r) {
                       if (!r.ok()) {
                           failWith(r.error);
                           return;
                       }
                       const auto secrets = parser().isSet(kShowSecrets) ? LiveConfig::Secrets::Show
                                                                         : LiveConfig::Secrets::Hide;
                       ConfigDocument doc;
                       QString error;
                       if (!LiveConfig::fromReply(r.value, &doc, &error, secrets)) {
                           err() << "tandemctl: " << profile().displayName() << ": " << error << "\n";
                           finish(ExitProblem);
                           return;
                       }
                       if (json()) {
                           // name -> list of lines (each a list of arguments): lossless for
                           // save / client-output-buffer-limit.
                           QJsonObject o;
                           for (const ConfigLine &l : doc.lines()) {
                               if (l.kind != ConfigLine::Kind::Directive)
                                   continue;
                               QJsonArray args;
                               for (const QByteArray &a : l.args)
                                   args.append(QString::fromUtf8(a));
                               QJsonArray lines = o.value(QString::fromUtf8(l.name)).toArray();
                               lines.append(args);
                               o.insert(QString::fromUtf8(l.name), lines);
                           }
                           QJsonObject top;
                           top.insert(QStringLiteral("node"), profile().address());
                           top.insert(QStringLiteral("config"), o);
                           out() << QJsonDocument(top).toJson(QJsonDocument::Indented);
                       } else {
                           out() << "# Running configuration of " << profile().displayName() << "\n"
                                 << QString::fromUtf8(doc.toBytes());
                       }
                       finish(ExitOk);
                   });
}
