// The customer shapes the renderer reads: the customers channel's DTOs, under the names
// the components use.
export type {
  CustomerDto as CustomerView,
  CustomerHeaderDto as CustomerHeaderView,
  CustomerSummaryDto as SummaryView,
  MoneyDto as MoneyView,
  PurchaseDto as PurchaseView,
  SearchHitDto as SearchHitView,
  TimelineCursorDto as TimelineCursorView,
  TimelinePageDto as TimelinePageView,
} from '../../../../src-main/ipc/contract';
