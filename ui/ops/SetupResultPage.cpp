#include "SetupResultPage.h"

#include "OperationProgress.h"
#include "OperationSummary.h"
#include "SetupPasswordKeeper.h"
#include "SetupWizard.h"

#include <QHash>
#include <QLabel>
#include <QScrollArea>
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
    m_changes = new QLabel;
    m_changes->setObjectName(QStringLiteral("setupChangesLabel"));
    m_changes->setWordWrap(true);
    m_changes->setTextFormat(Qt::RichText);
    m_changes->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_password = new QLabel;
    m_password->setObjectName(QStringLiteral("setupPasswordFateLabel"));
    m_password->setWordWrap(true);
    // Several nodes with several steps each: the list scrolls, the outcome stays in sight.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("setupChangesScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_password);
    contentLayout->addWidget(m_changes);
    contentLayout->addStretch();
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_result);
    layout->addWidget(scroll, 1);
}

QString SetupResultPage::changesHtml() const
{
    // Steps on one node under that node; steps on the whole group (verify, persist) once.
    const Plan &plan = m_wizard->runningPlan();
    const ExecutionReport &report = m_wizard->report();
    QHash<QString, QStringList> byNode;
    QStringList group;
    for (const StepRecord &r : report.steps) {
        if (r.status != StepRecord::Status::Succeeded)
            continue;
        const QString line = (r.compensation ? tr("undone: ") : QString()) + r.title.toHtmlEscaped();
        QStringList on{r.node};
        if (r.node.isEmpty()) {
            for (const PlanStep &s : plan.steps) {
                if (s.id == r.id)
                    on = OperationProgress::nodesOf(s);
            }
        }
        if (on.size() == 1 && plan.nodes.contains(on.first()))
            byNode[on.first()].append(line);
        else
            group.append(line);
    }
    QString out = tr("<b>What changed</b>") + QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    for (const QString &node : plan.nodes) {
        const QStringList done = byNode.value(node);
        out += QStringLiteral("<tr><td valign=\"top\"><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                   .arg(node.toHtmlEscaped(), done.isEmpty() ? tr("nothing") : done.join(QStringLiteral("<br>")));
    }
    if (!group.isEmpty())
        out += QStringLiteral("<tr><td valign=\"top\"><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                   .arg(tr("Group"), group.join(QStringLiteral("<br>")));
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
