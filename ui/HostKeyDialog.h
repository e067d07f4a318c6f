#pragma once

#include <QDialog>

// Asks whether to trust an SSH server's host key seen for the first time (Accept / Reject),
// or, for a key that changed, explains why Tandem refuses to connect (Close only: a changed
// key is never accepted from here). Opened with open(), never exec(): callers react to
// finished()/accepted().
class HostKeyDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Unknown, Changed };

    HostKeyDialog(Mode mode, const QString &node, const QString &sshHost,
                  const QString &fingerprint, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    QString fingerprint() const { return m_fingerprint; }

private:
    Mode m_mode;
    QString m_fingerprint;
};
