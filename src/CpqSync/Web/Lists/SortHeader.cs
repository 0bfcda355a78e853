namespace CpqSync.Web.Lists;

/// <summary>A sortable column header for <c>_SortHeader</c>: its label, the key it sorts by, and the list's current sort.</summary>
public sealed record SortHeader(ListQuery Query, string Key, string Label);
