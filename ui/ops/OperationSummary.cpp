#include "OperationSummary.h"

#include <QLabel>

QString OperationSummary::outcomeText(ExecutionReport::Outcome outcome)
{
    switch (outcome) {
    case ExecutionReport::Outcome::Succeeded: return tr("Succeeded");
    case ExecutionReport::Outcome::Partial: return tr("Partly done");
    case ExecutionReport::Outcome::Aborted: return tr("Aborted, changes undone");
    case ExecutionReport::Outcome::Cancelled: return tr("Cancelled, changes undone");
    case ExecutionReport::Outcome::Refused: return tr("Refused, nothing was sent");
    }
    return {};
}

QString OperationSummary::newMaster(const ExecutionReport &report)
{
    QString master;
    for (const NodeFinalState &s : report.finalStates) {
        if (s.role != QLatin1String("master"))
            continue;
        if (!master.isEmpty())
            return {};  // two masters: nobody is "the" new master
        master = s.address;
    }
    return master;
}

QString OperationSummary::writePause(const ExecutionReport &report)
{
    const QJsonValue ms = report.metrics.value(QStringLiteral("write_pause_ms"));
    if (ms.isUndefined() || ms.isNull())
        return {};
    return tr("writes paused for %1 ms").arg(ms.toInteger());
}

QString OperationSummary::finalState(const NodeFinalState &s)
{
    if (!s.reachable)
        return tr("unreachable%1").arg(s.error.isEmpty() ? QString() : QString(QStringLiteral(" (") + s.error + QLatin1Char(')')));
    if (s.role == QLatin1String("master"))
        return tr("master, accepts writes");
    if (s.role == QLatin1String("replica"))
        return tr("replica of %1, link %2%3")
            .arg(s.masterAddress, s.linkUp ? tr("up") : tr("down"), s.writable ? tr(", writable!") : QString());
    return s.role;
}

QString OperationSummary::html(const ExecutionReport &report)
{
    const bool ok = report.ok();
    const QString colour = ok ? QStringLiteral("#2e9e5b")
                          : report.outcome == ExecutionReport::Outcome::Partial ? QStringLiteral("#d98a1c")
                                                                                : QStringLiteral("#d93b3b");
    QString out = QStringLiteral("<p><b style=\"color:%1\">%2</b> — %3</p>")
                      .arg(colour, outcomeText(report.outcome).toHtmlEscaped(), report.message.toHtmlEscaped());
    QStringList facts;
    const QString master = newMaster(report);
    if (!master.isEmpty())
        facts << tr("Master now: <b>%1</b>").arg(master.toHtmlEscaped());
    const QString pause = writePause(report);
    if (!pause.isEmpty())
        facts << QString(pause.left(1).toUpper() + pause.mid(1));
    facts << tr("took %1 ms").arg(report.durationMs);
    out += QStringLiteral("<p>") + facts.join(QStringLiteral(" · ")) + QStringLiteral("</p>");
    if (!report.finalStates.isEmpty()) {
        out += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
        for (const NodeFinalState &s : report.finalStates)
            out += QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td>%2</td></tr>")
                       .arg(s.address.toHtmlEscaped(), finalState(s).toHtmlEscaped());
        out += QStringLiteral("</table>");
    }
    out += QStringLiteral("<p><a href=\"%1%2\">Open this run in the audit log</a> (%2)</p>")
               .arg(auditLinkPrefix(), report.operationId.toHtmlEscaped());
    return out;
}

QLabel *OperationSummary::resultLabel(const QString &objectName, QWidget *parent,
                                      std::function<void(const QString &)> openAudit)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->hide();
    QObject::connect(label, &QLabel::linkActivated, label, [openAudit](const QString &link) {
        if (link.startsWith(auditLinkPrefix()))
            openAudit(link.mid(auditLinkPrefix().size()));
    });
    return label;
}
