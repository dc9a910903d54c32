using Portal.Api.Features.Catalog;

namespace Portal.UnitTests;

public class GtinTests
{
    [Theory]
    [InlineData("96385074", "00000096385074")]          // GTIN-8
    [InlineData("036000291452", "00036000291452")]      // GTIN-12 (UPC-A)
    [InlineData("4006381333931", "04006381333931")]     // GTIN-13 (EAN-13)
    [InlineData("10614141000415", "10614141000415")]    // GTIN-14
    [InlineData(" 4006381333931 ", "04006381333931")]   // scanner white space
    public void Normalises_every_standard_length_to_14_digits(string code, string expected)
    {
        Assert.Equal(Gtin.ParseError.None, Gtin.TryNormalize(code, allowStrippedZeros: false, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("36000291452", "00036000291452")]  // UPC-A with its leading zero dropped
    [InlineData("0036000291452", "00036000291452")]
    public void Accepts_codes_whose_leading_zeros_were_dropped_when_looking_up(string code, string expected)
    {
        Assert.Equal(Gtin.ParseError.None, Gtin.TryNormalize(code, allowStrippedZeros: true, out var normalized));
        Assert.Equal(expected, normalized);
        Assert.Equal(Gtin.ParseError.BadLength, Gtin.TryNormalize("36000291452", allowStrippedZeros: false, out _));
    }

    [Theory]
    [InlineData("4006381333932")]
    [InlineData("96385075")]
    [InlineData("036000291453")]
    [InlineData("10614141000416")]
    [InlineData("00000000000000")]
    public void Rejects_a_wrong_check_digit(string code) =>
        Assert.Equal(Gtin.ParseError.BadCheckDigit, Gtin.TryNormalize(code, allowStrippedZeros: true, out _));

    [Theory]
    [InlineData("40063813339A1", Gtin.ParseError.NotDigits)]
    [InlineData("4006-381333931", Gtin.ParseError.NotDigits)]
    [InlineData("", Gtin.ParseError.Empty)]
    [InlineData("123456789012345", Gtin.ParseError.BadLength)]
    public void Rejects_malformed_codes(string code, Gtin.ParseError expected) =>
        Assert.Equal(expected, Gtin.TryNormalize(code, allowStrippedZeros: true, out _));

    [Fact]
    public void Check_digit_follows_the_gs1_algorithm() =>
        Assert.Equal("4006381333931", Gtin.WithCheckDigit("400638133393"));

    [Theory]
    [InlineData("4006381333931", "4006381333931")]                                   // a plain GTIN stays as it is
    [InlineData("]E04006381333931", "4006381333931")]                                // EAN-13 with its symbology identifier
    [InlineData("0104006381333931", "04006381333931")]                               // GS1-128 / DataMatrix, AI 01 only
    [InlineData("]d2\u001d010400638133393117271231\u001d10LOT7", "04006381333931")] // DataMatrix: FNC1, expiry, batch
    [InlineData("]C1010400638133393110LOT7\u001d21SER9", "04006381333931")]         // GS1-128: batch, serial number
    [InlineData("(01)04006381333931(17)271231(10)LOT7", "04006381333931")]           // the printed form
    [InlineData("(02)04006381333931(37)12", "04006381333931")]                       // a logistic unit's contents
    [InlineData("(00)340123450000000017", "(00)340123450000000017")]                 // an SSCC carries no GTIN
    [InlineData("012345", "012345")]                                                 // too short for an element string
    public void A_scanned_gs1_barcode_gives_its_gtin(string scanned, string expected) =>
        Assert.Equal(expected, Gtin.FromScan(scanned));

    [Theory]
    [InlineData("(02)04006381333931(37)12", 12)]                                      // the printed form
    [InlineData("]C1020400638133393137144", 144)]                                     // scanned, AI 37 last
    [InlineData("]C10204006381333931152712313724\u001d10LOT7", 24)]                  // best-before (fixed length), count, GS, batch
    [InlineData("0204006381333931\u001d10LOT7\u001d3706", 6)]                       // a batch (variable length, GS) before the count
    [InlineData("]d2\u001d0204006381333931\u001d3748", 48)]                         // DataMatrix with FNC1 after the fixed field
    [InlineData("(01)04006381333931(37)12", null)]                                    // a single item's barcode counts nothing
    [InlineData("0104006381333931", null)]
    [InlineData("(02)04006381333931", null)]                                          // no count
    [InlineData("(02)04006381333931(37)0", null)]                                     // zero is no count
    [InlineData("(02)04006381333931(37)123456789", null)]                             // more than 8 digits
    [InlineData("4006381333931", null)]
    public void A_logistic_units_label_gives_the_count_of_items_it_holds(string scanned, int? expected) =>
        Assert.Equal(expected, Gtin.ContainedCount(System.Text.RegularExpressions.Regex.Unescape(scanned)));
}
