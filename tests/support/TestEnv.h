#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Small helpers every test shares.
namespace TestEnv {

// True when running under CI (CI=true): missing servers are failures there.
bool isCi();
// Absolute path of a program, or empty. Tests that need it call requireBinary() instead.
QString findBinary(const QString &name);
// Absolute path of a program; when it is missing, records a test failure explaining which
// package to install and returns empty (the caller returns right away).
// Missing servers always fail, never skip: a green run that tested nothing is a defect.
QString requireBinary(const QString &name, const QString &debianPackage);
// A TCP port on 127.0.0.1 nobody listens on right now.
quint16 freePort();
// Build tree root (for running our own executables from tests).
QString binaryDir();
// Writes `bytes` to `path`; returns the path, or empty when it could not be written.
QString writeFile(const QString &path, const QByteArray &bytes);
// The whole file, or "<unreadable>" (so a comparison failure says why).
QByteArray readFile(const QString &path);
// Runs a program to completion; returns exit code (-1 if it did not start / timed out).
int run(const QString &program, const QStringList &args, QString *output = nullptr,
        int timeoutMs = 30000);

} // namespace TestEnv
