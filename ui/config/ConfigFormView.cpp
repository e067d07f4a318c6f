#include "ConfigFormView.h"

#include "ConfigEditor.h"
#include "ConfigFormWriter.h"
#include "config/ConfigDocument.h"

#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

using Kind = ConfigFormField::Kind;

ConfigFormView::ConfigFormView(ConfigEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_page(new QWidget)
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("configFormView"));
    m_page->setObjectName(QStringLiteral("configFormPage"));

    auto *page = new QVBoxLayout(m_page);
    auto *hint = new QLabel(tr("The settings most setups need. Each change is written into the text "
                               "when you leave the field; Undo in the text view reverts it. An empty "
                               "field means the default."),
                            m_page);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    page->addWidget(hint);

    // Fields are created in reading order, which is also the tab order.
    QFormLayout *network = addSection(page, tr("Network"), QStringLiteral("formNetwork"));
    addField(network, tr("&Bind addresses:"), "bind", Kind::Text);
    addField(network, tr("&Port:"), "port", Kind::Integer);
    addField(network, tr("Pro&tected mode:"), "protected-mode", Kind::Choice);

    QFormLayout *security = addSection(page, tr("Security"), QStringLiteral("formSecurity"));
    addField(security, tr("Pass&word (requirepass):"), "requirepass", Kind::Password);
    addField(security, tr("Primary &user (masteruser):"), "masteruser", Kind::Text);
    addField(security, tr("Primary pa&ssword (masterauth):"), "masterauth", Kind::Password);

    QFormLayout *replication = addSection(page, tr("Replication"), QStringLiteral("formReplication"));
    addField(replication, tr("Replica &of:"), "replicaof", Kind::ReplicaOf);
    addField(replication, tr("Replica &read-only:"), "replica-read-only", Kind::Choice);
    addField(replication, tr("TCP &keepalive (s):"), "tcp-keepalive", Kind::Integer);

    QFormLayout *memory = addSection(page, tr("Memory"), QStringLiteral("formMemory"));
    addField(memory, tr("&Max memory:"), "maxmemory", Kind::Memory);
    addField(memory, tr("&Eviction policy:"), "maxmemory-policy", Kind::Choice);

    QFormLayout *persistence = addSection(page, tr("Persistence"), QStringLiteral("formPersistence"));
    addField(persistence, tr("&Append-only file:"), "appendonly", Kind::Choice);
    addField(persistence, tr("Snapshot &points (save):"), "save", Kind::Save);

    QFormLayout *tls = addSection(page, tr("TLS"), QStringLiteral("formTls"));
    addField(tls, tr("T&LS port:"), "tls-port", Kind::Integer);
    addField(tls, tr("&Certificate:"), "tls-cert-file", Kind::Path);
    addField(tls, tr("Private ke&y:"), "tls-key-file", Kind::Path);
    addField(tls, tr("CA certificate&s:"), "tls-ca-cert-file", Kind::Path);
    addField(tls, tr("TLS for replicatio&n:"), "tls-replication", Kind::Choice);
    page->addStretch(1);
    // One label column for all sections, so the fields line up down the page.
    int labelWidth = 0;
    for (QLabel *label : std::as_const(m_labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (QLabel *label : std::as_const(m_labels))
        label->setMinimumWidth(labelWidth);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("configFormScroll"));
    scroll->setWidget(m_page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ConfigFormView::refresh);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ConfigFormView::textChanged);
    refresh();
}

QFormLayout *ConfigFormView::addSection(QVBoxLayout *layout, const QString &title, const QString &objectName)
{
    auto *box = new QGroupBox(title, m_page);
    box->setObjectName(objectName);
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(box);
    return form;
}

ConfigFormField *ConfigFormView::addField(QFormLayout *form, const QString &label, const QByteArray &directive,
                                          ConfigFormField::Kind kind)
{
    auto *field = new ConfigFormField(directive, kind, form->parentWidget());
    auto *text = new QLabel(label, form->parentWidget());
    text->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    text->setBuddy(field->buddy());
    text->setToolTip(field->buddy()->toolTip());
    if (field->buddy()->accessibleName().isEmpty())
        field->buddy()->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    form->addRow(text, field->widget());
    connect(field, &ConfigFormField::edited, this, [this, field] { commit(field); });
    m_fields.append(field);
    m_labels.append(text);
    return field;
}

void ConfigFormView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ConfigFormView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Deferred: the application's widgets take a new palette in no particular order.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        QTimer::singleShot(0, this, [this] {
            for (ConfigFormField *field : std::as_const(m_fields))
                field->restyle();
        });
    }
}

void ConfigFormView::textChanged()
{
    if (m_writing)
        return;
    m_stale = true;
    if (isVisible())
        m_refreshTimer->start();
}

void ConfigFormView::refresh()
{
    m_refreshTimer->stop();
    m_stale = false;
    const ConfigDocument doc = ConfigDocument::parse(m_editor->toPlainText().toUtf8(), m_editor->path());
    for (ConfigFormField *field : std::as_const(m_fields))
        field->load(doc);
}

void ConfigFormView::commit(ConfigFormField *field)
{
    const ConfigFormField::Edit edit = field->parse();
    if (edit.action == ConfigFormField::Edit::Action::Invalid) {
        field->setError(edit.culprit, edit.error);
        return;
    }
    field->clearError();

    // Compare with the text as it is now, not as last shown: a pending refresh may be due.
    ConfigDocument doc = ConfigDocument::parse(m_editor->toPlainText().toUtf8(), m_editor->path());
    QList<QByteArray> current;
    const bool present = ConfigFormField::effective(doc, field->directive(), &current);
    if (edit.action == ConfigFormField::Edit::Action::Remove) {
        if (!present)
            return;
        ConfigFormWriter::remove(doc, field->directive());
    } else {
        if (present && current == edit.args)
            return;  // nothing to say: keep the line exactly as the user wrote it
        ConfigFormWriter::set(doc, field->directive(), edit.args);
    }
    m_writing = true;
    ConfigFormWriter::replaceText(m_editor, QString::fromUtf8(doc.toBytes()));
    m_writing = false;
    refresh();
}
