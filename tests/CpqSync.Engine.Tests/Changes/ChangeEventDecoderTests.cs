using Avro;
using Avro.Generic;
using Avro.IO;
using CpqSync.Salesforce.PubSub;

namespace CpqSync.Engine.Tests.Changes;

/// <summary>An event encoded with Salesforce's change-event schema shape, decoded back with its field bitmaps.</summary>
public sealed class ChangeEventDecoderTests
{
    private const string SchemaJson = """
        {"type":"record","name":"OrderChangeEvent","namespace":"com.sforce.eventbus","fields":[
          {"name":"ChangeEventHeader","type":{"type":"record","name":"ChangeEventHeader","fields":[
            {"name":"entityName","type":"string"},
            {"name":"recordIds","type":{"type":"array","items":"string"}},
            {"name":"changeType","type":{"type":"enum","name":"ChangeType","symbols":["CREATE","UPDATE","DELETE","UNDELETE","GAP_CREATE","GAP_UPDATE","GAP_DELETE","GAP_UNDELETE","GAP_OVERFLOW"]}},
            {"name":"changeOrigin","type":"string"},
            {"name":"transactionKey","type":"string"},
            {"name":"sequenceNumber","type":"int"},
            {"name":"commitTimestamp","type":"long"},
            {"name":"commitNumber","type":"long"},
            {"name":"commitUser","type":"string"},
            {"name":"nulledFields","type":{"type":"array","items":"string"}},
            {"name":"diffFields","type":{"type":"array","items":"string"}},
            {"name":"changedFields","type":{"type":"array","items":"string"}}]}},
          {"name":"Status","type":["null","string"],"default":null},
          {"name":"ShippingAddress","type":["null",{"type":"record","name":"Address","fields":[
            {"name":"Street","type":["null","string"],"default":null},
            {"name":"City","type":["null","string"],"default":null}]}],"default":null},
          {"name":"Stripe_ID__c","type":["null","string"],"default":null},
          {"name":"LastModifiedDate","type":["null","long"],"default":null}]}
        """;

    [Fact]
    public void The_header_and_the_changed_fields_bitmap_decode_to_field_names()
    {
        var schema = (RecordSchema)Schema.Parse(SchemaJson);
        var headerSchema = (RecordSchema)schema.Fields[0].Schema;
        var header = new GenericRecord(headerSchema);
        header.Add("entityName", "Order");
        header.Add("recordIds", new object[] { "801000000000001AAA" });
        header.Add("changeType", new GenericEnum((EnumSchema)headerSchema.Fields[2].Schema, "UPDATE"));
        header.Add("changeOrigin", "com/salesforce/api/rest/62.0");
        header.Add("transactionKey", "0001-tx");
        header.Add("sequenceNumber", 2);
        header.Add("commitTimestamp", 1_765_000_000_000L);
        header.Add("commitNumber", 42L);
        header.Add("commitUser", "005000000000001AAA");
        header.Add("nulledFields", Array.Empty<object>());
        header.Add("diffFields", Array.Empty<object>());
        // Bits 1 (Status) and 4 (LastModifiedDate) of the record; bit 1 (City) of the compound field at position 2.
        header.Add("changedFields", new object[] { "0x12", "2-0x02" });
        var record = new GenericRecord(schema);
        record.Add("ChangeEventHeader", header);
        record.Add("Status", "Activated");
        record.Add("ShippingAddress", null);
        record.Add("Stripe_ID__c", null);
        record.Add("LastModifiedDate", 1_765_000_000_000L);
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(stream));

        var decoded = ChangeEventDecoder.Decode("/data/OrderChangeEvent", "e1", new byte[] { 1 }, schema, stream.ToArray());

        Assert.Equal("UPDATE", decoded.Header.ChangeType);
        Assert.Equal(["801000000000001AAA"], decoded.Header.RecordIds);
        Assert.Equal(["Status", "LastModifiedDate", "ShippingAddress.City"], decoded.Header.ChangedFields);
        Assert.Equal("005000000000001AAA", decoded.Header.CommitUser);
        Assert.Equal("0001-tx", decoded.Header.TransactionKey);
        Assert.Equal(2, decoded.Header.SequenceNumber);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000L), decoded.Header.CommitTimestamp);
        Assert.Equal("Activated", decoded.Text("Status"));
        Assert.False(decoded.Header.IsGap);
    }

    [Fact]
    public void A_wide_bitmap_reaches_fields_past_the_first_bytes()
    {
        var fields = string.Join(",", Enumerable.Range(0, 70).Select(i => $$"""{"name":"F{{i}}","type":["null","string"],"default":null}"""));
        var schema = (RecordSchema)Schema.Parse($$"""{"type":"record","name":"Wide","fields":[{{fields}}]}""");

        // Bit 0 and bit 65: the hex number is 2^65 + 1.
        var names = ChangeEventDecoder.FieldNames(schema, ["0x020000000000000001"]);

        Assert.Equal(["F0", "F65"], names);
    }
}
