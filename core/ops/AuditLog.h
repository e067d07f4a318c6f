#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Every operation, step by step, as JSON lines in one append-only file shared by tandem and
// tandemctl: $TANDEM_DATA_DIR/audit.jsonl, else <GenericDataLocation>/tandem/audit.jsonl.
// Each line: {"ts":"…UTC ms…","op":"<operation id>","event":"…", …}. Events:
// op_started (plan), step_started, step_finished, op_finished (report), note.
// Values registered with redact() are replaced by "******" wherever they appear in a line,
// and keys that name secrets (password, pass, auth, masterauth, requirepass…) are masked.
class AuditLog
{
public:
    explicit AuditLog(const QString &path = defaultPath());

    static QString defaultDirectory();
    static QString defaultPath();
    QString path() const { return m_path; }

    void redact(const QString &secret);
    // Appends one line (flushed at once so a crash loses nothing already written).
    // Returns false when the file cannot be written (the operation still runs; the UI warns).
    bool append(const QString &operationId, const QString &event, const QJsonObject &fields);

    // All entries, oldest first (malformed lines are skipped). `limit` > 0 keeps the newest.
    QList<QJsonObject> read(int limit = 0) const;
    // Operations with op_started but no op_finished: the tool died mid-operation.
    // Returns each such operation's op_started entry.
    QList<QJsonObject> unfinished() const;
    // Marks an unfinished operation as dealt with (an op_finished with outcome "interrupted").
    bool closeInterrupted(const QString &operationId, const QString &note);

    static QString newOperationId();  // time-ordered and unique: "20261121T101500Z-3fa2"

private:
    QJsonObject scrub(const QJsonObject &object) const;
    QString m_path;
    QStringList m_secrets;
};
