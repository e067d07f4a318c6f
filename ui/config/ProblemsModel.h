#pragma once

#include "config/ConfigDiagnostic.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>

// The validator's diagnostics as a table: severity (icon and word), line, message, code.
// A thin adapter: it holds a copy of the list and is reset whenever the editor re-validates.
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, LineColumn, MessageColumn, CodeColumn, ColumnCount };
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole, FixRole, CodeRole };

    explicit ProblemsModel(QObject *parent = nullptr);

    void setDiagnostics(const QList<ConfigDiagnostic> &diagnostics);
    const QList<ConfigDiagnostic> &diagnostics() const { return m_diagnostics; }
    const ConfigDiagnostic &diagnostic(int row) const { return m_diagnostics.at(row); }

    // True when the diagnostic's fix is a directive name to put in place of the one written
    // (a did-you-mean for a typo, or the canonical name for an old alias).
    static bool isRenameFix(const ConfigDiagnostic &diagnostic);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ConfigDiagnostic> m_diagnostics;
    QIcon m_errorIcon;
    QIcon m_warningIcon;
    QIcon m_infoIcon;
};
