#pragma once

#include "ConfigApplyRunner.h"
#include "ConfigSource.h"
#include "config/ConfigDocument.h"
#include "config/LiveConfigPlan.h"
#include "net/NetError.h"
#include "ops/LiveNodeProbe.h"
#include "ops/Plan.h"
#include "net/Transport.h"

#include <QDialog>
#include <QPointer>

#include <functional>

class AuditLog;
class LiveConfigReader;
class PlanStepsView;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class SshSessionPool;

// What Apply would change, shown before anything is touched, then the run itself:
//  - a table of the settings that differ (directive, before, after; secrets masked) between
//    what the target holds now (the file as loaded, or the node's running config read again
//    now) and the edited document;
//  - live node / remote file: the plan ("config-live" / "config-ssh") in the review widget
//    every operation uses (PlanStepsView), its checks and risks; remote also the backup note,
//    an optional restart command and the health check;
//  - validator errors disable Apply unless "Apply despite N errors" is ticked (never for a
//    live node: the plan refuses them).
// The plan runs through the Executor and is written to the audit log given (the window's).
// While running, the steps turn done/failed and Cancel is off; the end shows a summary.
// Window-modal, opened with open(); deletes itself when closed.
class ConfigApplyDialog : public QDialog
{
    Q_OBJECT
public:
    struct Request
    {
        ConfigSource source;
        QByteArray baseline;   // local/remote: the file as loaded or last applied
        QByteArray desired;    // the editor's bytes
        int errorCount = 0;    // validator errors in `desired`
    };
    // Saves the local file; false with a reason when it could not.
    using LocalSaver = std::function<bool(QString *error)>;

    static const QString kRestartCommandKey;  // QSettings key of the last restart command

    // `audit` null: the default audit log.
    ConfigApplyDialog(const Request &request, SshSessionPool *ssh, AuditLog *audit, QWidget *parent = nullptr);

    void setTransportFactory(TransportFactory factory);
    void setLocalSaver(LocalSaver saver) { m_saver = std::move(saver); }
    // Reads what the target holds now (a live node asynchronously) and fills the preview.
    void start();

    bool isPreviewReady() const { return m_previewReady; }
    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    const ConfigApplyRunner::Outcome &outcome() const { return m_outcome; }
    int differenceCount() const;
    // The plan shown (and run); empty before the preview is ready and for a local file.
    const Plan &plan() const { return m_opPlan; }
    QPushButton *applyButton() const { return m_applyButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }

public Q_SLOTS:
    void apply();

Q_SIGNALS:
    void previewReady();
    // The target now holds `bytes`: the editor takes them as its new baseline.
    void applied(const QByteArray &bytes);
    void runFinished(bool ok);
    // The result's "Show this run in the audit log" link was clicked.
    void auditLogRequested(const QString &operationId);

private:
    void buildUi();
    void showDifferences(const ConfigDocument &before, const ConfigDocument &after);
    void livePreview();
    void liveProbed(const LiveNodeFacts &facts);
    void rebuildRemotePlan();
    void showPlan();
    void updateButtons();
    void appendProgress(const QString &text);
    ConnectionProfile nodeProfile() const;
    void onFinished(const ConfigApplyRunner::Outcome &outcome);
    void reject() override;

    Request m_request;
    SshSessionPool *m_ssh;
    TransportFactory m_factory;
    LocalSaver m_saver;
    ConfigDocument m_desired;          // live: with the real secrets put back
    LiveConfigPlan m_plan;
    QString m_planError;
    Plan m_opPlan;
    bool m_previewReady = false;
    bool m_running = false;
    bool m_finished = false;
    ConfigApplyRunner::Outcome m_outcome;
    QPointer<LiveConfigReader> m_loader;
    ConfigApplyRunner *m_runner;

    QLabel *m_target;
    QLabel *m_status;
    QTableWidget *m_table;
    PlanStepsView *m_planView;
    QLabel *m_checks;
    QLabel *m_backupNote;
    QCheckBox *m_restart;
    QLineEdit *m_restartCommand;
    QLabel *m_healthNote;
    QLabel *m_errors;
    QCheckBox *m_override;
    QPlainTextEdit *m_progress;
    QLabel *m_result;
    QPushButton *m_applyButton;
    QPushButton *m_cancelButton;
};
