#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

// One small time chart (ops/s, lag, memory). Built once; every refresh replaces the points
// of existing series and moves the axes, which is cheap enough for a 1 s poll. Follows the
// widget palette so it reads on light and dark themes.
class MetricChart : public QChartView
{
    Q_OBJECT
public:
    enum class Unit { Count, Bytes, Seconds };

    struct Line
    {
        QString name;
        QList<QPointF> points;  // x: ms since the epoch; y: raw value in `unit`
    };

    MetricChart(const QString &title, Unit unit, QWidget *parent = nullptr);

    // Shows `lines` over [endMs - windowMs, endMs]. Series are reused, added or removed as the
    // number of lines changes; the legend appears only with more than one line.
    void setLines(const QList<Line> &lines, qint64 endMs, qint64 windowMs);
    QString title() const { return m_title; }
    int lineCount() const { return int(m_series.size()); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void setWindow(qint64 windowMs);
    QLineSeries *seriesAt(int i);

    QString m_title;
    Unit m_unit;
    // Seconds relative to the newest sample ("-8 min" ... "now"). Not a QDateTimeAxis: in Qt
    // 6.4 its labels and grid vanish when series are added after the chart is in a view.
    QCategoryAxis *m_x;
    qint64 m_windowMs = 0;
    QValueAxis *m_y;
    QList<QLineSeries *> m_series;
};
