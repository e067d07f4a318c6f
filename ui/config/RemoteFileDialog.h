#pragma once

#include "net/ConnectionProfile.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

// Asks where a redis.conf lives when the node's profile does not say: the SSH target
// (user@host[:port]), a private key file (empty = agent / default keys) and the path.
// Prefilled from the node (its host, INFO server config_file); says so when Redis runs
// without a config file. Opened with open(); OK only while the target parses and a path is set.
class RemoteFileDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RemoteFileDialog(QWidget *parent = nullptr);

    // `base` keeps the settings the dialog has no field for (known hosts, keepalive...).
    void setSsh(const SshOptions &base);
    void setPath(const QString &path, bool redisHasNoFile);

    SshOptions ssh() const;  // enabled, with the target and key file from the fields
    QString path() const;

private:
    void validate();

    SshOptions m_base;
    QLineEdit *m_target;
    QLineEdit *m_keyFile;
    QLineEdit *m_path;
    QLabel *m_note;
    QLabel *m_error;
    QPushButton *m_ok;
};
