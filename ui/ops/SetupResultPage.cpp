#include "SetupResultPage.h"

#include "OperationProgress.h"
#include "OperationSummary.h"
#include "SetupPasswordKeeper.h"
#include "SetupWizard.h"

#include <QLabel>
#include <QVBoxLayout>

SetupResultPage::SetupResultPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Result"));
    setFinalPage(true);
    m_result = OperationSummary::resultLabel(QStringLiteral("setupResultLabel"), this, [wizard](const QString &id) {
        Q_EMIT wizard->auditLogRequested(id);
    });
    m_changes = new QLabel(this);
    m_changes->setObjectName(QStringLiteral("setupChangesLabel"));
    m_changes->setWordWrap(true);
    m_changes->setTextFormat(Qt::RichText);
    m_password = new QLabel(this);
    m_password->setObjectName(QStringLiteral("setupPasswordFateLabel"));
    m_password->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_result);
    layout->addWidget(m_changes);
    layout->addWidget(m_password);
    layout->addStretch();
}

QString SetupResultPage::changesHtml() const
{
    const Plan &plan = m_wizard->runningPlan();
    const ExecutionReport &report = m_wizard->report();
    QString out = tr("<b>What changed</b>") + QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    for (const QString &node : plan.nodes) {
        QStringList done;
        for (const StepRecord &r : report.steps) {
            if (r.status != StepRecord::Status::Succeeded)
                continue;
            QStringList on{r.node};
            if (r.node.isEmpty()) {
                for (const PlanStep &s : plan.steps) {
                    if (s.id == r.id)
                        on = OperationProgress::nodesOf(s);
                }
            }
            if (on.contains(node))
                done.append((r.compensation ? tr("undone: ") : QString()) + r.title.toHtmlEscaped());
        }
        out += QStringLiteral("<tr><td valign=\"top\"><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                   .arg(node.toHtmlEscaped(),
                        done.isEmpty() ? tr("nothing") : done.join(QStringLiteral("<br>")));
    }
    return out + QStringLiteral("</table>");
}

void SetupResultPage::initializePage()
{
    const ExecutionReport &report = m_wizard->report();
    setTitle(tr("Set-up: %1").arg(OperationSummary::outcomeText(report.outcome)));
    m_result->setText(OperationSummary::html(report));
    m_result->show();
    m_changes->setText(changesHtml());
    const SetupOptions &o = m_wizard->options();
    if (!report.ok() || o.auth == SetupOptions::Auth::Keep) {
        m_password->setText(report.ok() ? tr("Authentication was kept as it was.")
                                        : tr("No password was left on any node: every change was undone."));
        m_wizard->setPasswordFate(m_password->text());
        return;
    }
    m_password->setText(tr("Saving the password…"));
    QList<ConnectionProfile> nodes;
    for (const QString &a : QStringList{o.master} + o.replicas) {
        ConnectionProfile p = m_wizard->profileFor(a);
        p.password = o.password;
        nodes.append(p);
    }
    Q_EMIT m_wizard->passwordChanged(nodes);
    SetupPasswordKeeper::keep(m_wizard->profileStore(), nodes, this, [this](const QString &fate) {
        m_password->setText(fate);
        m_wizard->setPasswordFate(fate);
    });
}
