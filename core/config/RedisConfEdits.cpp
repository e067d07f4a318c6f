#include "RedisConfEdits.h"

#include "ConfigDocument.h"

namespace {

QList<QByteArray> splitValue(const QByteArray &value)
{
    QList<QByteArray> args = value.split(' ');
    args.removeAll(QByteArray());
    return args;
}

bool isReplicaClass(const QByteArray &cls)
{
    const QByteArray c = cls.toLower();
    return c == "replica" || c == "slave";
}

} // namespace

namespace RedisConfEdits {

void setReplicaOf(ConfigDocument &doc, const QString &host, quint16 port)
{
    doc.remove("slaveof");
    doc.set("replicaof", {host.toUtf8(), QByteArray::number(port)});
}

void setValue(ConfigDocument &doc, const QByteArray &name, const QByteArray &value)
{
    const QList<QByteArray> args = splitValue(value);
    if (name == "save") {
        doc.remove("save");
        doc.set("save", args.isEmpty() ? QList<QByteArray>{QByteArray()} : args);
        return;
    }
    if (name == "client-output-buffer-limit" && !args.isEmpty()) {
        const QList<ConfigLine> &lines = doc.lines();
        for (int i = 0; i < lines.size(); ++i) {
            const ConfigLine &l = lines.at(i);
            if (l.kind == ConfigLine::Kind::Directive && l.lowerName() == name && !l.args.isEmpty()
                && isReplicaClass(l.args.first()) == isReplicaClass(args.first())) {
                QByteArray raw = name;
                for (const QByteArray &a : args)
                    raw += ' ' + ConfigDocument::quoteArg(a);
                doc.replaceLine(i, raw);
                return;
            }
        }
    }
    if (name == "replica-read-only")
        doc.remove("slave-read-only");
    doc.set(name, args.isEmpty() ? QList<QByteArray>{QByteArray()} : args);
}

QByteArray valueOf(const ConfigDocument &doc, const QByteArray &name, const QByteArray &value)
{
    if (name == "client-output-buffer-limit") {
        const QList<QByteArray> want = splitValue(value);
        QByteArray found;
        for (const ConfigLine *l : doc.directives(name)) {
            if (!want.isEmpty() && !l->args.isEmpty() && isReplicaClass(l->args.first()) == isReplicaClass(want.first())) {
                QList<QByteArray> args = l->args;
                args[0] = want.first();
                found = QByteArrayList(args.cbegin(), args.cend()).join(' ');
            }
        }
        return found;
    }
    if (name == "save") {
        QByteArrayList all;
        for (const ConfigLine *l : doc.directives(name))
            all.append(QByteArrayList(l->args.cbegin(), l->args.cend()).join(' '));
        return all.join(' ').trimmed();
    }
    const QList<QByteArray> args = doc.effective(name);
    return QByteArrayList(args.cbegin(), args.cend()).join(' ');
}

} // namespace RedisConfEdits
