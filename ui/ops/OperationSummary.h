#pragma once

#include "ops/ExecutionReport.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

class QLabel;
class QWidget;

// The result of a run in a few lines of rich text: outcome, the new master, each node's final
// role, the measured write pause, and a link to the run in the audit log ("audit:<id>").
class OperationSummary
{
    Q_DECLARE_TR_FUNCTIONS(OperationSummary)

public:
    static QString html(const ExecutionReport &report);
    // The node the run left as master, empty when none or several.
    static QString newMaster(const ExecutionReport &report);
    // "writes paused for 4 ms", empty when the run did not measure a pause.
    static QString writePause(const ExecutionReport &report);
    static QString outcomeText(ExecutionReport::Outcome outcome);
    static QString finalState(const NodeFinalState &state);
    static QString auditLinkPrefix() { return QStringLiteral("audit:"); }

    // A hidden, wrapping rich-text label for html(); clicking its audit link calls
    // `openAudit` with the operation id.
    static QLabel *resultLabel(const QString &objectName, QWidget *parent,
                               std::function<void(const QString &operationId)> openAudit);
};
