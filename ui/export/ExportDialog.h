#pragma once

#include "export/ExportJob.h"
#include "topology/Topology.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QListWidget;
class SshSessionPool;

// File → Export…: a node's redis.conf (as running or minimal), a group's sentinel.conf files,
// its users.acl, or a whole deployment bundle. "Read" fetches from the nodes without blocking
// and shows the files in a preview (secrets as placeholders unless the user ticks Include
// secrets, which shows a warning); "Save…" writes them where the user says and records the
// export in the audit log. Reached from File, a node's menu and a group's master.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const Topology &topology, GroupExportReader::ProfileLookup profileFor, SshSessionPool *ssh,
                 QWidget *parent = nullptr);

    void setKind(ExportJob::Kind kind);
    void setAddress(const QString &address);
    // Saves to `destination` without asking (tests; the Save… button asks first).
    bool saveTo(const QString &destination);
    ExportJob *job() const { return m_job; }

Q_SIGNALS:
    void readFinished(bool ok);
    void saved(const QString &destination);

private:
    void buildUi();
    void updateOptions();
    void read();
    void onRead();
    void onFailed(const QString &reason);
    void showFile(int row);
    void chooseAndSave();
    ExportJob::Request request() const;

    Topology m_topology;
    GroupExportReader::ProfileLookup m_profileFor;
    QPointer<SshSessionPool> m_ssh;
    QPointer<ExportJob> m_job;

    QComboBox *m_kind = nullptr;
    QComboBox *m_node = nullptr;
    QCheckBox *m_minimal = nullptr;
    QCheckBox *m_secrets = nullptr;
    QLabel *m_secretsWarning = nullptr;
    QStackedWidget *m_groupOptions = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_sentinels = nullptr;
    QSpinBox *m_quorum = nullptr;
    QSpinBox *m_downAfter = nullptr;
    QSpinBox *m_failoverTimeout = nullptr;
    QSpinBox *m_parallelSyncs = nullptr;
    QPushButton *m_read = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_status = nullptr;
    QListWidget *m_fileList = nullptr;
    QPlainTextEdit *m_preview = nullptr;
};
