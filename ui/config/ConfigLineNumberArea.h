#pragma once

#include <QWidget>

class ConfigEditor;

// The gutter left of the editor's text; the editor paints it because only it knows where
// each block sits.
class ConfigLineNumberArea : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigLineNumberArea(ConfigEditor *editor);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ConfigEditor *m_editor;
};
