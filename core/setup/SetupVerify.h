#pragma once

#include "SetupFileEdit.h"

#include "ops/Plan.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

// The end of "setup": verify that replication works as asked, then — only then — persist.
namespace SetupVerify {

// Links up and offsets converged on every replica; a marker key SET on the master is read on
// each replica, then deleted; when `authRequired`, a fresh connection without a password gets
// NOAUTH on every node while one with the operation's (new) credentials is admitted. The
// point of no return: once verified, nothing is undone.
PlanStep verify(const QString &master, const QStringList &replicas, bool authRequired, int timeoutMs);

// CONFIG REWRITE on each node — or, for a node in `files` with edit set (no usable REWRITE),
// the file edited over SSH (SetupFileEdit) — and ACL SAVE where an aclfile is in use when
// `aclSave`; then CONFIG GET of every directive in `expected` (node -> name -> value)
// compared with the file's intent, and the file read back over SSH for every node in `files`.
// Secret values are compared, never shown.
PlanStep persist(const QStringList &nodes, const QHash<QString, QHash<QByteArray, QByteArray>> &expected,
                 const QStringList &secretNames, bool aclSave, const QHash<QString, SetupFile> &files = {});

} // namespace SetupVerify
