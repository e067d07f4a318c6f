#include "AnomalyPanel.h"

#include "eventlog/EventLogModel.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

AnomalyPanel::AnomalyPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QVBoxLayout)
    , m_none(new QLabel(tr("No problems detected."), this))
{
    setObjectName(QStringLiteral("inspectorAnomalies"));
    m_none->setObjectName(QStringLiteral("anomalyNone"));
    m_none->setForegroundRole(QPalette::PlaceholderText);
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(8);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_none);
    layout->addLayout(m_list);
}

void AnomalyPanel::setAnomalies(const QList<Anomaly> &anomalies)
{
    QStringList signature;
    for (const Anomaly &a : anomalies)
        signature << QString(a.key() + QLatin1Char('|') + a.message + QLatin1Char('|') + a.advice + QLatin1Char('|')
                             + a.action);
    if (signature == m_signature)
        return;
    m_signature = signature;

    while (QLayoutItem *item = m_list->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_none->setVisible(anomalies.isEmpty());
    // Worst first: that is what the operator must act on.
    QList<Anomaly> sorted = anomalies;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Anomaly &a, const Anomaly &b) {
        return int(a.severity) > int(b.severity);
    });
    for (const Anomaly &a : std::as_const(sorted)) {
        auto *card = new QWidget(this);
        card->setObjectName(QStringLiteral("anomalyCard"));
        auto *grid = new QGridLayout(card);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setHorizontalSpacing(8);
        grid->setVerticalSpacing(2);
        auto *icon = new QLabel(card);
        icon->setPixmap(EventLogModel::severityIcon(a.severity).pixmap(16, 16));
        icon->setToolTip(EventLogModel::severityName(a.severity));
        icon->setAlignment(Qt::AlignTop);
        auto *message = new QLabel(a.message, card);
        message->setObjectName(QStringLiteral("anomalyMessage"));
        message->setTextFormat(Qt::PlainText);
        message->setWordWrap(true);
        message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = message->font();
        bold.setBold(true);
        message->setFont(bold);
        grid->addWidget(icon, 0, 0, 2, 1, Qt::AlignTop);
        grid->addWidget(message, 0, 1);
        if (!a.advice.isEmpty()) {
            auto *advice = new QLabel(a.advice, card);
            advice->setObjectName(QStringLiteral("anomalyAdvice"));
            advice->setTextFormat(Qt::PlainText);
            advice->setWordWrap(true);
            advice->setTextInteractionFlags(Qt::TextSelectableByMouse);
            grid->addWidget(advice, 1, 1);
        }
        // The Tandem action that does what the advice says, on the anomaly's first node.
        const auto offer = [&](const QString &text, const char *name, const QString &tip,
                               void (AnomalyPanel::*request)(const QString &)) {
            auto *button = new QPushButton(text, card);
            button->setObjectName(QLatin1String(name));
            button->setToolTip(tip);
            const QString node = a.nodes.constFirst();
            connect(button, &QPushButton::clicked, this, [this, node, request] { Q_EMIT(this->*request)(node); });
            grid->addWidget(button, 2, 1, Qt::AlignLeft);
        };
        if (a.action == QLatin1String("failover") && !a.nodes.isEmpty())
            offer(tr("Fail Over…"), "anomalyFailoverButton",
                  tr("Operations > Fail over… for this group: review the ranked replicas first"),
                  &AnomalyPanel::failoverRequested);
        if (a.action == QLatin1String("apply_to_group") && !a.nodes.isEmpty())
            offer(tr("Apply to Group…"), "anomalyApplyButton",
                  tr("Review a plan that sets the master's values on the other nodes of the group"),
                  &AnomalyPanel::applyToGroupRequested);
        grid->setColumnStretch(1, 1);
        m_list->addWidget(card);
    }
}
