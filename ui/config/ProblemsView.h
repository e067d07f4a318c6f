#pragma once

#include <QTreeView>

#include <functional>

class ProblemsModel;
struct ConfigDiagnostic;
class QAction;

// The problems list under the editor. Activating a row asks to jump to its line; the quick
// fix (context menu, or quickFixAction() placed elsewhere) asks to apply a rename fix.
// The view only reports: the window owns the editor and performs both.
class ProblemsView : public QTreeView
{
    Q_OBJECT
public:
    explicit ProblemsView(ProblemsModel *model, QWidget *parent = nullptr);

    ProblemsModel *problems() const { return m_model; }
    QAction *quickFixAction() const { return m_quickFix; }
    // Asks why a rename fix would not be one (it would add a problem); empty = it is one.
    // A fix with a reason is not offered: the action says so and its tooltip gives the reason.
    using RenameCheck = std::function<QString(int line, const QString &name)>;
    void setRenameCheck(RenameCheck check) { m_renameCheck = std::move(check); }

public Q_SLOTS:
    void applyQuickFix();  // for the current row, when it has a rename fix

Q_SIGNALS:
    void problemActivated(int line, int column);
    void renameRequested(int line, const QString &name);

private:
    void updateQuickFix();
    QString renameBlocker(const ConfigDiagnostic &diagnostic) const;

    ProblemsModel *m_model;
    QAction *m_quickFix;
    RenameCheck m_renameCheck;
};
