//! Attribution on hand-written articles: explicit and relative years,
//! periods, targets, several organisations, an organisation named only in the
//! title. Each article is processed as a JSON Lines record would be.

use solieu::corpus::{Payload, RawArticle};
use solieu::figure::{Modality, Processed};
use solieu::pipeline::Engine;
use std::path::Path;

fn engine() -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    Engine::new(solieu::rules::load(&dir).unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

fn process(engine: &Engine, title: Option<&str>, published: Option<&str>, text: &str) -> Processed {
    engine.process(RawArticle {
        article_id: "t".into(),
        source: "t.jsonl".into(),
        payload: Payload::Text(text.into()),
        title: title.map(String::from),
        published: published.map(String::from),
        html: false,
    })
}

/// (metric, value, year, modality, org) of a figure.
type Row = (String, f64, Option<i32>, Modality, Option<String>);

/// The rows of every figure.
fn rows(p: &Processed) -> Vec<Row> {
    p.figures
        .iter()
        .map(|f| (f.metric.clone(), f.value, f.year, f.modality, f.org.clone()))
        .collect()
}

fn find<'a>(rows: &'a [Row], metric: &str, value: f64) -> &'a Row {
    rows.iter()
        .find(|r| r.0 == metric && r.1 == value)
        .unwrap_or_else(|| panic!("no {metric} {value} in {rows:?}"))
}

#[test]
fn relative_years_count_from_the_publication_date() {
    let e = engine();
    let p = process(
        &e,
        Some("Công đoàn Giáo dục tỉnh Nam Định tổng kết năm"),
        Some("2016-01-15"),
        "Năm qua, Công đoàn Giáo dục tỉnh Nam Định đã kết nạp 320 đoàn viên.\n\
         Năm nay, công đoàn có 12.500 đoàn viên.\n\
         Trong 6 tháng đầu năm, các công đoàn cơ sở đã quyên góp được 150 triệu đồng.\n\
         Năm tới, công đoàn phấn đấu có 13.000 đoàn viên.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "new_members", 320.0).2, Some(2015), "năm qua");
    assert_eq!(find(&r, "members", 12500.0).2, Some(2016), "năm nay");
    assert_eq!(find(&r, "money", 150e6).2, Some(2016), "6 tháng đầu năm");
    let t = find(&r, "members", 13000.0);
    assert_eq!(
        (t.2, t.3),
        (Some(2017), Modality::Target),
        "năm tới + phấn đấu"
    );
}

#[test]
fn without_a_date_the_year_is_what_the_article_is_about() {
    let e = engine();
    let p = process(
        &e,
        None,
        None,
        "Công đoàn ngành Y tế tỉnh Thái Bình: một năm nhiều dấu ấn\n\
         Năm 2018 là năm Công đoàn ngành Y tế tỉnh Thái Bình hoàn thành tốt nhiệm vụ.\n\
         Năm qua, công đoàn đã kết nạp 85 đoàn viên và hỗ trợ 40 triệu đồng.\n\
         Hiện công đoàn có 2.300 đoàn viên.",
    );
    assert_eq!(p.info.year, Some(2018));
    let r = rows(&p);
    assert_eq!(find(&r, "new_members", 85.0).2, Some(2018));
    assert_eq!(find(&r, "members", 2300.0).2, Some(2018));
}

#[test]
fn explicit_years_and_periods() {
    let e = engine();
    let p = process(
        &e,
        Some("Đại hội Công đoàn"),
        Some("2019-06-01"),
        "Nhiệm kỳ 2013 – 2018, công đoàn đã phát triển mới 4.200 đoàn viên.\n\
         Trong năm 2017, công đoàn có 65 công đoàn cơ sở; năm 2018 có 70 công đoàn cơ sở.\n\
         Giai đoạn 2019 - 2024, công đoàn đặt mục tiêu đạt 90% cơ sở vững mạnh.",
    );
    let r = rows(&p);
    // A period that is over by the publication date: its end year.
    assert_eq!(find(&r, "new_members", 4200.0).2, Some(2018));
    // The nearest year before the figure in its sentence.
    assert_eq!(find(&r, "unions", 65.0).2, Some(2017));
    assert_eq!(find(&r, "unions", 70.0).2, Some(2018));
    // A period containing the reference year: that year; and a target.
    let t = find(&r, "percent", 90.0);
    assert_eq!((t.2, t.3), (Some(2019), Modality::Target));
}

#[test]
fn targets_and_achievements() {
    let e = engine();
    let p = process(
        &e,
        Some("Tổng kết"),
        Some("2018-01-10"),
        "Năm 2017, công đoàn kết nạp 198 đoàn viên, vượt 98% kế hoạch, tặng 30 suất quà.\n\
         Công đoàn đã xây dựng kế hoạch và triển khai tới 100% công đoàn cơ sở.\n\
         Năm 2018, công đoàn phấn đấu kết nạp 250 đoàn viên; chỉ tiêu trên 95% đoàn viên được tập huấn.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "new_members", 198.0).3, Modality::Actual);
    assert_eq!(
        find(&r, "percent", 98.0).3,
        Modality::Actual,
        "vượt kế hoạch is achieved"
    );
    assert_eq!(
        find(&r, "count", 30.0).3,
        Modality::Actual,
        "a cue after 'vượt … kế hoạch' is blocked"
    );
    assert_eq!(
        find(&r, "percent", 100.0).3,
        Modality::Actual,
        "xây dựng kế hoạch is an action"
    );
    let t = find(&r, "new_members", 250.0);
    assert_eq!((t.2, t.3), (Some(2018), Modality::Target));
    assert_eq!(find(&r, "percent", 95.0).3, Modality::Target);
}

#[test]
fn two_organisations_in_one_article() {
    let e = engine();
    let p = process(
        &e,
        Some("Phát triển đoàn viên ở hai địa phương"),
        Some("2020-03-02"),
        "Năm 2019, LĐLĐ huyện Gia Lâm có 12.000 đoàn viên, còn Công đoàn Giáo dục TP Hà Nội có 95.000 đoàn viên.\n\
         Liên đoàn Lao động huyện Gia Lâm cũng quản lý 210 CĐCS.",
    );
    let r = rows(&p);
    assert_eq!(
        find(&r, "members", 12000.0).4.as_deref(),
        Some("Liên đoàn Lao động huyện Gia Lâm")
    );
    assert_eq!(
        find(&r, "members", 95000.0).4.as_deref(),
        Some("Công đoàn Giáo dục thành phố Hà Nội")
    );
    assert_eq!(
        find(&r, "unions", 210.0).4.as_deref(),
        Some("Liên đoàn Lao động huyện Gia Lâm")
    );
}

#[test]
fn an_organisation_named_only_in_the_title() {
    let e = engine();
    let p = process(
        &e,
        None,
        Some("2021-05-20"),
        "CĐ Viên chức TP Hà Nội: Tăng cường phát triển đoàn viên\n\
         Năm 2020, đơn vị có 9.800 đoàn viên và 62 công đoàn cơ sở.",
    );
    assert_eq!(
        p.info.org.as_deref(),
        Some("Công đoàn Viên chức thành phố Hà Nội")
    );
    let r = rows(&p);
    assert_eq!(
        find(&r, "members", 9800.0).4.as_deref(),
        Some("Công đoàn Viên chức thành phố Hà Nội")
    );
    assert_eq!(
        find(&r, "unions", 62.0).4.as_deref(),
        Some("Công đoàn Viên chức thành phố Hà Nội")
    );
}

#[test]
fn givers_do_not_own_awards() {
    let e = engine();
    let p = process(
        &e,
        Some("Khen thưởng"),
        Some("2015-01-05"),
        "Năm 2014, CĐ Viên chức thành phố Hà Nội được tặng cờ thi đua của Tổng LĐLĐ Việt Nam, 03 bằng khen của LĐLĐ thành phố.",
    );
    let r = rows(&p);
    assert_eq!(
        find(&r, "awards", 3.0).4.as_deref(),
        Some("Công đoàn Viên chức thành phố Hà Nội")
    );
}

#[test]
fn a_count_is_not_a_year() {
    let e = engine();
    let p = process(
        &e,
        Some("Phát triển đoàn viên"),
        Some("2022-12-30"),
        "Năm 2021, công đoàn kết nạp 2062 đoàn viên, nâng tổng số lên gần 11.930 đoàn viên.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "new_members", 2062.0).2, Some(2021));
    assert_eq!(find(&r, "members", 11930.0).2, Some(2021));
}

/// Organisation names run to the end of their proper-noun phrase, stop at a
/// title, a person's name or a verb, and keep the lowercase words names have.
#[test]
fn organisation_names_end_where_the_name_ends() {
    use solieu::attribute::Attributor;
    use std::collections::HashMap;
    let engine = engine();
    let a = Attributor::new(&engine.pack.attribution, &engine.pack.org).unwrap();
    let names = |t: &str| -> Vec<String> {
        let folded = solieu::text::fold::lowercase(t);
        a.orgs_in(t, &folded, 0, t.len(), &mut HashMap::new())
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        (
            "Liên đoàn Lao động huyện Krông Pắc trao 40 suất quà.",
            &["Liên đoàn Lao động huyện Krông Pắc"],
        ),
        (
            "Chủ tịch LĐLĐ tỉnh Trần Văn Hòa phát biểu.",
            &["Liên đoàn Lao động tỉnh"],
        ),
        (
            "Công đoàn cơ sở Trường Tiểu học Kim Đồng có 30 đoàn viên.",
            &["Công đoàn cơ sở Trường Tiểu học Kim Đồng"],
        ),
        (
            "Công đoàn ngành Y tế tỉnh Gia Lai họp.",
            &["Công đoàn ngành Y tế tỉnh Gia Lai"],
        ),
        (
            "Công đoàn Tổng công ty Điện lực miền Trung trao quà.",
            &["Công đoàn Tổng công ty Điện lực miền Trung"],
        ),
        (
            "LĐLĐ quận 3 đã tổ chức hội thi.",
            &["Liên đoàn Lao động quận 3"],
        ),
        // A document named after the union is no union; a district's
        // union body is its labour federation.
        (
            "Theo Điều lệ Công đoàn Việt Nam, Công đoàn huyện Lạc Sơn họp.",
            &["Liên đoàn Lao động huyện Lạc Sơn"],
        ),
        // A college (Trường Cao đẳng, written CĐ) is no union: its CĐ
        // stays as written.
        (
            "Trường CĐ Xây dựng Miền Nam tuyển 900 sinh viên.",
            &["Trường CĐ Xây dựng Miền Nam"],
        ),
        (
            "Công đoàn Trường CĐ Y tế tỉnh họp.",
            &["Công đoàn Trường CĐ Y tế tỉnh"],
        ),
        (
            "Công đoàn Khu công nghiệp Long Hậu Bà Nguyễn Thị Lan cho biết.",
            &["Công đoàn Khu công nghiệp Long Hậu"],
        ),
        (
            "Công đoàn Viên chức tỉnh Kon Tum Ông Lê Bình nói.",
            &["Công đoàn Viên chức tỉnh Kon Tum"],
        ),
        ("Đây là Công đoàn ngành địa phương.", &[]),
        (
            "Liên đoàn Lao động huyện đã tổ chức.",
            &["Liên đoàn Lao động huyện"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(names(text), *want, "{text}");
    }
}

#[test]
fn the_base_of_a_comparison_is_not_the_year_reported() {
    let e = engine();
    // Another year said in the sentence wins; the base year never does.
    let p = process(
        &e,
        None,
        None,
        "Năm 2023, toàn tỉnh đón 2,4 triệu lượt khách, tăng 18% so với năm 2022.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "count", 2.4e6).2, Some(2023));
    assert_eq!(find(&r, "percent", 18.0).2, Some(2023));
    // Only the base is said: the figure is of the year after it.
    let p = process(
        &e,
        None,
        None,
        "Trong quý I, cả nước xảy ra 312 vụ tai nạn, giảm 9% so với cùng kỳ năm 2024.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "count", 312.0).2, Some(2025));
    assert_eq!(find(&r, "percent", 9.0).2, Some(2025));
    // A base years back is no hint of the year reported.
    let p = process(
        &e,
        None,
        Some("2020-11-20"),
        "Đến cuối năm nay, tỷ lệ hộ nghèo của huyện còn 1,3%.\n\
         Tỷ lệ hộ nghèo giảm 7,5% so với năm 2015.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "percent", 7.5).2, Some(2020));
    // A relative base counts from the publication date.
    let p = process(
        &e,
        None,
        Some("2024-07-02"),
        "Sáu tháng đầu năm, thu 1.250 tỷ đồng, tăng 7% so với cùng kỳ năm trước.",
    );
    let r = rows(&p);
    assert_eq!(find(&r, "money", 1.25e12).2, Some(2024));
}
