#include "PreferencesDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

PreferencesDialog::PreferencesDialog(const Values &current, QWidget *parent)
    : QDialog(parent)
    , m_poll(new QSpinBox(this))
    , m_askFence(new QCheckBox(tr("Ask before demoting a returning old master"), this))
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    m_poll->setObjectName(QStringLiteral("pollIntervalSpin"));
    m_poll->setRange(kMinPollMs, kMaxPollMs);
    m_poll->setSingleStep(100);
    m_poll->setSuffix(tr(" ms"));
    m_poll->setValue(current.pollIntervalMs);
    m_poll->setToolTip(tr("How often every node is asked for INFO. Shorter notices a failure and "
                          "a returning old master sooner; each poll is one INFO per node."));
    m_askFence->setObjectName(QStringLiteral("askBeforeFencingCheck"));
    m_askFence->setChecked(current.askBeforeFencing);
    auto *fenceNote = new QLabel(tr("Off (default): when a failed-over master comes back, Tandem makes it a replica of "
                                    "the new master at the first poll that sees it. On: it asks first, and the old "
                                    "master stays writable until you agree."),
                                 this);
    fenceNote->setWordWrap(true);
    auto *reset = new QPushButton(tr("&Reset Panel Layout"), this);
    reset->setObjectName(QStringLiteral("resetLayoutButton"));
    reset->setAutoDefault(false);
    reset->setToolTip(tr("Put the Nodes, Inspector, Event Log and Console panels back where they started"));
    connect(reset, &QPushButton::clicked, this, &PreferencesDialog::resetLayoutRequested);

    auto *form = new QFormLayout;
    form->addRow(tr("&Poll interval:"), m_poll);
    form->addRow(tr("Returning master:"), m_askFence);
    form->addRow(QString(), fenceNote);
    form->addRow(tr("Panels:"), reset);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("preferencesButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

PreferencesDialog::Values PreferencesDialog::values() const
{
    return {m_poll->value(), m_askFence->isChecked()};
}
