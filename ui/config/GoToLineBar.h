#pragma once

#include <QWidget>

class ConfigEditor;
class QIntValidator;
class QLabel;
class QLineEdit;

// Ctrl+G under the config editor's text: a line number from 1 to the line count; Enter moves
// the cursor there (centered, through ConfigEditor::goTo), Escape closes without moving.
// Inline rather than a dialog so it never blocks and the text stays in view.
class GoToLineBar : public QWidget
{
    Q_OBJECT
public:
    explicit GoToLineBar(ConfigEditor *editor, QWidget *parent = nullptr);

    void open();
    void dismiss();
    // Goes to the typed line; false (and the bar stays open) when it is out of range.
    bool accept();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    ConfigEditor *m_editor;
    QLineEdit *m_edit;
    QIntValidator *m_validator;
    QLabel *m_range;
};
