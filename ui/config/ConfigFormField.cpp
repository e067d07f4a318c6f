#include "ConfigFormField.h"

#include "config/ConfigDiff.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "widgets/FilePathEdit.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QToolButton>

#include <cctype>

namespace {

const ConfigSchema::Directive *schemaOf(const QByteArray &name)
{
    return ConfigSchema::instance().find(name);
}

QString joined(const QList<QByteArray> &args)
{
    QStringList words;
    for (const QByteArray &a : args)
        words.append(QString::fromUtf8(a));
    return words.join(QLatin1Char(' '));
}

QList<QByteArray> words(const QString &text)
{
    QList<QByteArray> out;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (const QString &p : parts)
        out.append(p.toUtf8());
    return out;
}

// Memory units as redis-server reads them (k = 1000, kb = 1024 ...), in the unit combo.
struct Unit
{
    const char *suffix;
    const char *label;
};
constexpr Unit kUnits[] = {
    {"", "bytes"}, {"kb", "KB (1024)"}, {"mb", "MB (1024²)"}, {"gb", "GB (1024³)"},
    {"k", "k (1000)"}, {"m", "m (1000²)"}, {"g", "g (1000³)"},
};

// A red frame around otherwise normal colours (filled in by restyle()).
const QString kErrorStyle = QStringLiteral("QLineEdit { border: 2px solid #d9534f; border-radius: 3px; padding: 1px;"
                                           " background: %1; color: %2; }");

} // namespace

ConfigFormField::ConfigFormField(const QByteArray &directive, Kind kind, QWidget *parent)
    : QObject(parent)
    , m_directive(directive)
    , m_kind(kind)
{
    const QString name = QStringLiteral("form_") + QString::fromLatin1(directive);
    switch (kind) {
    case Kind::Text:
    case Kind::Integer:
    case Kind::Save:
        m_edit = newLineEdit(name);
        m_widget = m_edit;
        break;
    case Kind::Password:
        buildPassword();
        break;
    case Kind::Choice:
        buildChoice();
        break;
    case Kind::Memory:
        buildMemory();
        break;
    case Kind::Path:
        m_path = new FilePathEdit(name, tr("Choose %1").arg(QString::fromLatin1(directive)), parent);
        m_edit = m_path->lineEdit();
        m_widget = m_path;
        connect(m_edit, &QLineEdit::editingFinished, this, &ConfigFormField::edited);
        // A file picked in the dialog arrives without editingFinished.
        connect(m_path, &FilePathEdit::pathChanged, this, [this] {
            if (!m_loading && !m_edit->hasFocus())
                Q_EMIT edited();
        });
        break;
    case Kind::ReplicaOf:
        buildReplicaOf();
        break;
    }
    if (const ConfigSchema::Directive *d = schemaOf(directive)) {
        m_plainToolTip = QStringLiteral("%1 — %2").arg(QString::fromLatin1(d->name), tr(d->description));
        if (m_kind != Kind::ReplicaOf && m_kind != Kind::Memory && m_kind != Kind::Password)
            m_widget->setToolTip(m_plainToolTip);
        if (m_edit)
            m_edit->setToolTip(m_plainToolTip);
    }
    setPlaceholders();
}

QWidget *ConfigFormField::buddy() const
{
    return m_edit ? static_cast<QWidget *>(m_edit) : static_cast<QWidget *>(m_combo);
}

QLineEdit *ConfigFormField::newLineEdit(const QString &objectName)
{
    auto *edit = new QLineEdit(qobject_cast<QWidget *>(parent()));
    edit->setObjectName(objectName);
    edit->setClearButtonEnabled(true);
    connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
        // Tabbing from the host to the port (or back) is not the end of a replicaof edit.
        QWidget *next = QApplication::focusWidget();
        if (m_kind == Kind::ReplicaOf && next != edit && next && (next == m_edit || next == m_port))
            return;
        Q_EMIT edited();
    });
    return edit;
}

void ConfigFormField::buildChoice()
{
    m_combo = new QComboBox(qobject_cast<QWidget *>(parent()));
    m_combo->setObjectName(QStringLiteral("form_") + QString::fromLatin1(m_directive));
    const ConfigSchema::Directive *d = schemaOf(m_directive);
    const QList<QByteArray> values = d && d->type == ConfigSchema::Type::Enum
                                         ? d->enumList()
                                         : QList<QByteArray>{QByteArrayLiteral("yes"), QByteArrayLiteral("no")};
    m_combo->addItem(tr("Default (%1)").arg(QString::fromLatin1(d ? d->defaultValue : "")));
    for (const QByteArray &v : values)
        m_combo->addItem(QString::fromUtf8(v), v);
    m_widget = m_combo;
    connect(m_combo, &QComboBox::activated, this, &ConfigFormField::edited);
}

void ConfigFormField::buildMemory()
{
    m_widget = new QWidget(qobject_cast<QWidget *>(parent()));
    m_edit = newLineEdit(QStringLiteral("form_") + QString::fromLatin1(m_directive));
    m_edit->setParent(m_widget);
    m_combo = new QComboBox(m_widget);
    m_combo->setObjectName(QStringLiteral("form_") + QString::fromLatin1(m_directive) + QStringLiteral("_unit"));
    m_combo->setAccessibleName(tr("Unit"));
    for (const Unit &u : kUnits)
        m_combo->addItem(QString::fromUtf8(u.label), QByteArray(u.suffix));
    m_combo->setCurrentIndex(3);  // gb: the usual unit of a memory limit
    auto *layout = new QHBoxLayout(m_widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_combo);
    m_widget->setFocusProxy(m_edit);
    connect(m_combo, &QComboBox::activated, this, [this] {
        if (!m_edit->text().trimmed().isEmpty())
            Q_EMIT edited();
    });
}

void ConfigFormField::buildPassword()
{
    m_widget = new QWidget(qobject_cast<QWidget *>(parent()));
    m_edit = newLineEdit(QStringLiteral("form_") + QString::fromLatin1(m_directive));
    m_edit->setParent(m_widget);
    m_edit->setEchoMode(QLineEdit::Password);
    m_reveal = new QToolButton(m_widget);
    m_reveal->setObjectName(QStringLiteral("form_") + QString::fromLatin1(m_directive) + QStringLiteral("_show"));
    m_reveal->setText(tr("Show"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show or hide the password"));
    auto *layout = new QHBoxLayout(m_widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_reveal);
    m_widget->setFocusProxy(m_edit);
    connect(m_reveal, &QToolButton::toggled, this, [this](bool shown) {
        m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setText(shown ? tr("Hide") : tr("Show"));
    });
}

void ConfigFormField::buildReplicaOf()
{
    m_widget = new QWidget(qobject_cast<QWidget *>(parent()));
    m_edit = newLineEdit(QStringLiteral("form_replicaof_host"));
    m_edit->setParent(m_widget);
    m_edit->setAccessibleName(tr("Primary host"));
    m_port = newLineEdit(QStringLiteral("form_replicaof_port"));
    m_port->setParent(m_widget);
    m_port->setAccessibleName(tr("Primary port"));
    m_port->setMaximumWidth(m_port->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")) + 24);
    auto *colon = new QLabel(tr("port"), m_widget);
    colon->setBuddy(m_port);
    auto *layout = new QHBoxLayout(m_widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(colon);
    layout->addWidget(m_port);
    m_widget->setFocusProxy(m_edit);
    m_edit->setToolTip(tr("Host of the primary, or \"no one\""));
    m_port->setToolTip(tr("Port of the primary"));
}

void ConfigFormField::setPlaceholders()
{
    const ConfigSchema::Directive *d = schemaOf(m_directive);
    const QString def = QString::fromLatin1(d && d->defaultValue ? d->defaultValue : "");
    const QString shown = def.isEmpty() ? tr("not set") : tr("%1 (default)").arg(def);
    switch (m_kind) {
    case Kind::Choice:
        break;
    case Kind::ReplicaOf:
        m_edit->setPlaceholderText(tr("not a replica"));
        m_port->setPlaceholderText(tr("6379"));
        break;
    case Kind::Memory:
        m_edit->setPlaceholderText(def == QLatin1String("0") ? tr("0 (default: no limit)") : shown);
        break;
    case Kind::Path:
        m_path->setPlaceholderText(shown);
        break;
    default:
        m_edit->setPlaceholderText(shown);
        break;
    }
}

bool ConfigFormField::effective(const ConfigDocument &doc, const QByteArray &directive,
                                QList<QByteArray> *args)
{
    bool present = false;
    args->clear();
    for (const ConfigLine &line : doc.lines()) {
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const ConfigSchema::Directive *d = schemaOf(line.name);
        const QByteArray canonical = d ? QByteArray(d->name) : line.lowerName();
        if (canonical != directive)
            continue;
        present = true;
        if (directive == "save") {
            // config.c: `save ""` drops the points read so far; other lines add theirs.
            if (line.args.size() == 1 && line.args.first().isEmpty())
                *args = line.args;
            else {
                if (args->size() == 1 && args->first().isEmpty())
                    args->clear();
                args->append(line.args);
            }
        } else {
            *args = line.args;
        }
    }
    return present;
}

void ConfigFormField::load(const ConfigDocument &doc)
{
    QList<QByteArray> args;
    const bool present = effective(doc, m_directive, &args);
    const bool unchanged = present == m_shownPresent && args == m_shownArgs;
    m_shownPresent = present;
    m_shownArgs = args;
    // Rejected input stays in front of the user until they fix it or the text moves on.
    if (hasError() && unchanged)
        return;
    for (QLineEdit *e : {m_edit, m_port}) {
        if (e && e->hasFocus() && e->isModified() && unchanged)
            return;
    }
    clearError();
    m_loading = true;
    showValue(args, present);
    m_loading = false;
}

void ConfigFormField::showValue(const QList<QByteArray> &args, bool present)
{
    switch (m_kind) {
    case Kind::Text:
    case Kind::Integer:
    case Kind::Password:
        m_edit->setText(present ? joined(args) : QString());
        break;
    case Kind::Path:
        m_path->setPath(present ? QString::fromUtf8(args.value(0)) : QString());
        break;
    case Kind::Save:
        if (!present)
            m_edit->clear();
        else if (args.size() == 1 && args.first().isEmpty())
            m_edit->setText(QStringLiteral("disabled"));
        else
            m_edit->setText(joined(args));
        break;
    case Kind::ReplicaOf:
        if (present && args.size() == 2 && args.at(0).toLower() == "no" && args.at(1).toLower() == "one") {
            m_edit->setText(QStringLiteral("no one"));
            m_port->clear();
        } else {
            m_edit->setText(present ? QString::fromUtf8(args.value(0)) : QString());
            m_port->setText(present ? joined(args.mid(1)) : QString());
        }
        break;
    case Kind::Memory: {
        const QByteArray value = args.value(0);
        qsizetype digits = 0;
        while (digits < value.size() && (std::isdigit(static_cast<unsigned char>(value.at(digits))) || value.at(digits) == '-'))
            ++digits;
        const int unit = m_combo->findData(value.mid(digits).toLower() == "b" ? QByteArray() : value.mid(digits).toLower());
        if (present && unit >= 0 && digits > 0) {
            m_edit->setText(QString::fromUtf8(value.left(digits)));
            m_combo->setCurrentIndex(unit);
        } else {
            m_edit->setText(present ? joined(args) : QString());  // odd spellings stay visible
        }
        break;
    }
    case Kind::Choice: {
        // A value outside the list (a typo in the file) is shown as its own entry.
        for (int i = m_combo->count() - 1; i > 0; --i) {
            if (m_combo->itemData(i, Qt::UserRole + 1).toBool())
                m_combo->removeItem(i);
        }
        const QByteArray value = args.value(0).toLower();
        int index = present ? m_combo->findData(value) : 0;
        if (present && index < 0) {
            m_combo->addItem(QString::fromUtf8(args.value(0)), value);
            index = m_combo->count() - 1;
            m_combo->setItemData(index, true, Qt::UserRole + 1);
        }
        m_combo->setCurrentIndex(index);
        markDefault(index == 0);
        break;
    }
    }
    if (m_edit)
        m_edit->setModified(false);
    if (m_port)
        m_port->setModified(false);
}

void ConfigFormField::markDefault(bool isDefault)
{
    // The same "greyed" look a line edit's placeholder has.
    QFont f = m_combo->font();
    f.setItalic(isDefault);
    m_combo->setFont(f);
    m_combo->setProperty("isDefault", isDefault);
}

ConfigFormField::Edit ConfigFormField::parse() const
{
    Edit out;
    const QString text = m_edit ? m_edit->text().trimmed() : QString();
    switch (m_kind) {
    case Kind::Choice: {
        const QByteArray v = m_combo->currentData().toByteArray();
        out.action = v.isEmpty() ? Edit::Action::Remove : Edit::Action::Set;
        if (!v.isEmpty())
            out.args = {v};
        return out;
    }
    case Kind::Integer: {
        const ConfigSchema::Directive *d = schemaOf(m_directive);
        return parseInteger(m_edit, d ? d->min : 0, d ? d->max : 65535, true);
    }
    case Kind::Memory:
        return parseMemory();
    case Kind::Save:
        return parseSave();
    case Kind::ReplicaOf:
        return parseReplicaOf();
    case Kind::Password:
        // Passwords are taken verbatim: leading or trailing spaces may be part of them.
        if (m_edit->text().isEmpty()) {
            out.action = Edit::Action::Remove;
        } else {
            out.action = Edit::Action::Set;
            out.args = {m_edit->text().toUtf8()};
        }
        return out;
    case Kind::Text:
    case Kind::Path:
        break;
    }
    if (text.isEmpty()) {
        out.action = Edit::Action::Remove;
        return out;
    }
    const ConfigSchema::Directive *d = schemaOf(m_directive);
    out.action = Edit::Action::Set;
    out.args = d && d->has(ConfigSchema::MultiArg) ? words(text) : QList<QByteArray>{text.toUtf8()};
    return out;
}

ConfigFormField::Edit ConfigFormField::parseInteger(QLineEdit *edit, long long min, unsigned long long max,
                                                    bool allowEmpty) const
{
    Edit out;
    const QString text = edit->text().trimmed();
    if (text.isEmpty() && allowEmpty) {
        out.action = Edit::Action::Remove;
        return out;
    }
    bool ok = false;
    const long long n = text.toLongLong(&ok);
    if (!ok || n < min || (n >= 0 && static_cast<unsigned long long>(n) > max)) {
        out.error = tr("Enter a whole number from %1 to %2").arg(min).arg(max);
        out.culprit = edit;
        return out;
    }
    out.action = Edit::Action::Set;
    out.args = {QByteArray::number(n)};
    return out;
}

ConfigFormField::Edit ConfigFormField::parseMemory() const
{
    Edit out;
    const QString text = m_edit->text().trimmed();
    if (text.isEmpty()) {
        out.action = Edit::Action::Remove;
        return out;
    }
    // A unit typed into the number field ("512mb") wins over the unit box.
    const bool typedUnit = !text.at(text.size() - 1).isDigit();
    const QByteArray value = typedUnit ? text.toUtf8().toLower()
                                       : text.toUtf8() + m_combo->currentData().toByteArray();
    const QByteArray bytes = ConfigDiff::normalizeMemory(value);
    if (bytes.isEmpty() || bytes.startsWith('-')) {
        out.error = tr("Enter a size such as 512 (with the unit on the right) or 512mb");
        out.culprit = m_edit;
        return out;
    }
    out.action = Edit::Action::Set;
    out.args = {value};
    return out;
}

ConfigFormField::Edit ConfigFormField::parseSave() const
{
    Edit out;
    const QString text = m_edit->text().trimmed();
    if (text.isEmpty()) {
        out.action = Edit::Action::Remove;
        return out;
    }
    static const QStringList off = {QStringLiteral("disabled"), QStringLiteral("off"), QStringLiteral("none"),
                                    QStringLiteral("\"\""), QStringLiteral("''")};
    if (off.contains(text, Qt::CaseInsensitive)) {
        out.action = Edit::Action::Set;
        out.args = {QByteArray()};
        return out;
    }
    const QList<QByteArray> points = words(text);
    bool ok = points.size() % 2 == 0;
    for (const QByteArray &p : points) {
        bool isNumber = false;
        ok = ok && p.toLongLong(&isNumber) >= 0 && isNumber;
    }
    if (!ok) {
        out.error = tr("Enter pairs of \"seconds changes\", e.g. 3600 1 300 100, or \"disabled\"");
        out.culprit = m_edit;
        return out;
    }
    out.action = Edit::Action::Set;
    out.args = points;
    return out;
}

ConfigFormField::Edit ConfigFormField::parseReplicaOf() const
{
    Edit out;
    const QString host = m_edit->text().trimmed();
    const QString port = m_port->text().trimmed();
    if (host.isEmpty() && port.isEmpty()) {
        out.action = Edit::Action::Remove;
        return out;
    }
    if (host.compare(QStringLiteral("no one"), Qt::CaseInsensitive) == 0 && port.isEmpty()) {
        out.action = Edit::Action::Set;
        out.args = {QByteArrayLiteral("no"), QByteArrayLiteral("one")};
        return out;
    }
    if (host.isEmpty() || host.contains(QLatin1Char(' '))) {
        out.error = tr("Enter the primary's host name or address");
        out.culprit = m_edit;
        return out;
    }
    if (port.isEmpty()) {
        out.error = tr("Enter the primary's port");
        out.culprit = m_port;
        return out;
    }
    out = parseInteger(m_port, 1, 65535, false);
    if (out.action == Edit::Action::Set)
        out.args.prepend(host.toUtf8());
    return out;
}

void ConfigFormField::setError(QLineEdit *edit, const QString &message)
{
    clearError();
    m_errorEdit = edit ? edit : m_edit;
    if (!m_errorEdit)
        return;
    restyle();
    m_errorEdit->setToolTip(message);
    m_errorEdit->setProperty("formError", message);
    m_errorEdit->setAccessibleDescription(message);
}

void ConfigFormField::clearError()
{
    if (!m_errorEdit)
        return;
    m_errorEdit->setStyleSheet(QString());
    m_errorEdit->setToolTip(m_errorEdit == m_port ? tr("Port of the primary") : m_plainToolTip);
    m_errorEdit->setProperty("formError", QVariant());
    m_errorEdit->setAccessibleDescription(QString());
    m_errorEdit = nullptr;
}

void ConfigFormField::restyle()
{
    if (!m_errorEdit)
        return;
    // Explicit colours from the surrounding (sheet-free) widget: a style sheet would otherwise
    // freeze the palette it was first polished with and miss a theme change.
    const QPalette pal = m_widget->parentWidget() ? m_widget->parentWidget()->palette() : m_widget->palette();
    m_errorEdit->setStyleSheet(kErrorStyle.arg(pal.color(QPalette::Base).name(), pal.color(QPalette::Text).name()));
}
